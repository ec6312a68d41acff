import type { ServerResponse } from 'node:http';

/** Sends `body` as JSON with `status`, unless the response has already started. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-content-type-options': 'nosniff',
    // JSON is never a page: nothing in it may load, run or be framed.
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cache-control': 'no-store',
    // RFC 9110 §11.6.1: a 401 names the scheme that would help.
    ...(status === 401 ? { 'www-authenticate': 'Bearer realm="stowage"' } : {}),
    ...headers,
  });
  res.end(text);
}
