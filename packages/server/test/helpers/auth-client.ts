import type { AuthStack } from './auth-stack.js';

/** An answer with its parsed JSON body. */
export interface Answer {
  status: number;
  headers: Headers;
  json: { error?: { message: string; data?: { code?: string } }; processedFiles?: { id: string }[]; [key: string]: unknown } | undefined;
  text: string;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** The Authorization header of `token`, or none. */
export const bearer = (token: string | undefined): Record<string, string> => (token === undefined ? {} : { authorization: `Bearer ${token}` });

/** `POST /v1/files` with `files` (and optional `bucket-id` / `metadata[]`). */
export async function upload(stack: AuthStack, options: { token?: string; headers?: Record<string, string>; bucket?: string; metadata?: (string | object)[]; files: { data: string | Uint8Array; name: string; type?: string }[] }): Promise<Answer> {
  const form = new FormData();
  if (options.bucket !== undefined) form.append('bucket-id', options.bucket);
  for (const m of options.metadata ?? []) form.append('metadata[]', typeof m === 'string' ? m : JSON.stringify(m));
  for (const f of options.files) form.append('file[]', new File([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)], f.name, { type: f.type ?? 'text/plain' }));
  return answer(await fetch(`${stack.url}/v1/files`, { method: 'POST', body: form, headers: { ...bearer(options.token), ...options.headers } }));
}

/** Any request with the token's Authorization header. */
export async function call(stack: AuthStack, path: string, init: RequestInit & { token?: string } = {}): Promise<Answer> {
  const { token, headers, ...rest } = init;
  return answer(await fetch(path.startsWith('http') ? path : `${stack.url}${path}`, { ...rest, headers: { ...bearer(token), ...(headers as Record<string, string> | undefined) } }));
}

/** `PUT /v1/files/{id}` with new content and/or metadata. */
export async function replace(stack: AuthStack, id: string, options: { token?: string; data?: string; metadata?: string }): Promise<Answer> {
  const form = new FormData();
  if (options.metadata !== undefined) form.append('metadata', options.metadata);
  if (options.data !== undefined) form.append('file', new File([options.data], 'new.txt', { type: 'text/plain' }));
  return call(stack, `/v1/files/${id}`, { method: 'PUT', body: form, ...(options.token === undefined ? {} : { token: options.token }) });
}

/** The error code of an answer. */
export const codeOf = (a: Answer | { json?: { error?: { data?: { code?: string } } } } | undefined) => a?.json?.error?.data?.code;
