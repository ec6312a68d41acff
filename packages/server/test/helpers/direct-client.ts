import { expect } from 'vitest';

/** What `POST /v1/files/direct` answers. */
export interface DirectAnswer {
  id: string;
  upload: { method: 'PUT' | 'POST'; url: string; fields?: Record<string, string>; headers: Record<string, string> };
  fileField?: string;
  enforcesMaxSize: boolean;
  expiresAt: string;
}

/** `POST /v1/files/direct` with a JSON declaration; the raw answer. */
export async function declare(base: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/v1/files/direct`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Declares and expects a 201. */
export async function declareOk(base: string, body: Record<string, unknown>): Promise<DirectAnswer> {
  const res = await declare(base, body);
  const json = (await res.json()) as DirectAnswer;
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json;
}

/**
 * Sends `bytes` the way a browser (or Uppy's `@uppy/aws-s3`) does with the answer: a PUT with the
 * headers, or a form POST with every field first and the file last.
 */
export async function send(answer: DirectAnswer, content: Uint8Array, upload = answer.upload): Promise<Response> {
  const bytes = new Uint8Array(content);
  if (upload.method === 'PUT') return fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields ?? {})) form.append(name, value);
  form.append(answer.fileField ?? 'file', new Blob([bytes]), 'upload.bin');
  return fetch(upload.url, { method: 'POST', headers: upload.headers, body: form });
}

/** `POST /v1/files/{id}/complete`; the status and JSON body. */
export async function complete(base: string, id: string): Promise<{ status: number; body: Record<string, unknown>; xError: string | null }> {
  const res = await fetch(`${base}/v1/files/${id}/complete`, { method: 'POST' });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, xError: res.headers.get('x-error') };
}

/** The upload request with its signature changed (one character of it), as a tampering client would. */
export function tampered(upload: DirectAnswer['upload']): DirectAnswer['upload'] {
  const flip = (value: string) => `${value.slice(0, -2)}${value.at(-2) === 'A' ? 'B' : 'A'}${value.at(-1)}`;
  if (upload.method === 'POST') {
    const fields = { ...upload.fields };
    const name = Object.keys(fields).find((key) => /signature$/i.test(key));
    if (name === undefined) throw new Error('no signature field to tamper with');
    fields[name] = flip(fields[name]!);
    return { ...upload, fields };
  }
  const url = new URL(upload.url);
  const name = [...url.searchParams.keys()].find((key) => /^(x-amz-signature|signature|sig)$/i.test(key));
  if (name === undefined) throw new Error('no signature parameter to tamper with');
  url.searchParams.set(name, flip(url.searchParams.get(name)!));
  return { ...upload, url: url.toString() };
}
