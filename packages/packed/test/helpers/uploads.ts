import { expect } from 'vitest';

/** Uploads `bytes` through the Nhost-style API (`POST /v1/files`, field `file[]`); answers the file id. */
export async function uploadNhost(url: string, name: string, bytes: Uint8Array, bucket?: string): Promise<string> {
  const form = new FormData();
  if (bucket !== undefined) form.append('bucket-id', bucket);
  form.append('file[]', new File([new Uint8Array(bytes)], name, { type: 'application/octet-stream' }));
  const response = await fetch(`${url}/v1/files`, { method: 'POST', body: form });
  const body = (await response.json()) as { processedFiles?: { id: string }[] };
  expect(response.status, JSON.stringify(body)).toBe(201);
  const id = body.processedFiles?.[0]?.id;
  expect(id).toBeTypeOf('string');
  return id as string;
}

/** Downloads a file of the Nhost-style API (`GET /v1/files/:id`). */
export async function downloadNhost(url: string, id: string): Promise<Buffer> {
  const response = await fetch(`${url}/v1/files/${id}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Uploads `bytes` through the Strapi-style API (`POST /upload`, field `files`); answers the record. */
export async function uploadStrapi(url: string, name: string, bytes: Uint8Array): Promise<{ id: number; url: string; size: number }> {
  const form = new FormData();
  form.append('files', new File([new Uint8Array(bytes)], name, { type: 'application/octet-stream' }));
  const response = await fetch(`${url}/upload`, { method: 'POST', body: form });
  const body = (await response.json()) as { id: number; url: string; size: number }[];
  expect(response.status, JSON.stringify(body)).toBe(201);
  expect(body).toHaveLength(1);
  return body[0] as { id: number; url: string; size: number };
}

/** Downloads what a Strapi record's `url` points at (relative to the server, or absolute). */
export async function downloadStrapi(url: string, fileUrl: string): Promise<Buffer> {
  const response = await fetch(new URL(fileUrl, `${url}/`));
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}
