import { fail } from './assert.js';

/** Fetches `url` with plain `fetch` (no SDK) and reads the whole body. */
export async function fetchBytes(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body };
}

/** Checks a request is refused with a 4xx (a refusal, not a server error and not a success). */
export async function expectRefused(what: string, url: string, init?: RequestInit): Promise<void> {
  let status: number;
  try {
    status = (await fetchBytes(url, init)).status;
  } catch (error) {
    // A server may cut the connection on a refused upload; that is a refusal too.
    if (init?.method !== undefined && init.method !== 'GET') return;
    throw error;
  }
  if (status < 400 || status >= 500) fail(`${what}: expected a 4xx refusal, got HTTP ${status}`);
}

const ALNUM = /[0-9A-Za-z]/;

/** Changes one alphanumeric character of `text` at or after `from` (never inside a `%XX` escape). */
function flipOne(text: string, from: number): string {
  for (let i = from; i < text.length; i++) {
    const ch = text.charAt(i);
    if (!ALNUM.test(ch) || text.charAt(i - 1) === '%' || text.charAt(i - 2) === '%') continue;
    const replacement = ch === '0' ? '1' : ch === 'A' ? 'B' : ch === 'a' ? 'b' : ch === 'Z' ? 'Y' : ch === 'z' ? 'y' : /[0-9]/.test(ch) ? '0' : /[A-Z]/.test(ch) ? 'A' : 'a';
    return `${text.slice(0, i)}${replacement}${text.slice(i + 1)}`;
  }
  fail(`nothing to tamper with in ${JSON.stringify(text)}`);
}

/**
 * The URL with one character of its signature changed: the query parameter named like a signature
 * (`X-Amz-Signature`, `X-Goog-Signature`, `sig`, `signature`…), else the longest parameter, else the last
 * path segment. Raw string surgery, so every other byte of the URL stays exactly as signed.
 */
export function tamperSignature(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) {
    // No query: the signature (a token) is in the path; change its last segment.
    const slash = url.lastIndexOf('/');
    return `${url.slice(0, slash + 1)}${flipOne(url.slice(slash + 1), Math.floor((url.length - slash) / 2))}`;
  }
  const params = url.slice(q + 1).split('&');
  const names = params.map((p) => decodeURIComponent(p.split('=')[0] ?? '').toLowerCase());
  let index = names.findIndex((n) => n === 'sig' || n.endsWith('signature'));
  if (index === -1) index = params.reduce((best, p, i) => (p.length > (params[best]?.length ?? 0) ? i : best), 0);
  const param = params[index] ?? '';
  const eq = param.indexOf('=');
  params[index] = `${param.slice(0, eq + 1)}${flipOne(param.slice(eq + 1), Math.floor((param.length - eq) / 2))}`;
  return `${url.slice(0, q + 1)}${params.join('&')}`;
}

/**
 * The URL pointed at `otherName` instead of `name` (where the key's last segment appears: the path, or
 * failing that the query), signature unchanged; `undefined` when the URL does not carry the key at all
 * (an opaque token), where changing the signature is the only tampering to try.
 */
export function retargetKey(url: string, name: string, otherName: string): string | undefined {
  const q = url.indexOf('?');
  const base = q === -1 ? url : url.slice(0, q);
  const encoded = encodeURIComponent(name);
  if (base.endsWith(encoded)) return `${base.slice(0, -encoded.length)}${encodeURIComponent(otherName)}${q === -1 ? '' : url.slice(q)}`;
  const at = url.indexOf(encoded);
  return at === -1 ? undefined : `${url.slice(0, at)}${encodeURIComponent(otherName)}${url.slice(at + encoded.length)}`;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
