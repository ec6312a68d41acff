import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { supports } from '@stowage/core';
import { expect, inject } from 'vitest';
import type { AuthStack } from './auth-stack.js';

/** What a request could leave behind: objects, records, temp files, multipart uploads, open files. */
export interface Residue {
  objects: string[];
  records: string[];
  tempFiles: string[];
  multipartUploads: string[];
  openFiles: number;
}

/** Everything stored and held right now. */
export async function residue(stack: AuthStack): Promise<Residue> {
  const { provider, store } = stack.server.handler.context;
  if (!supports(provider, 'list')) throw new Error(`provider "${provider.name}" cannot list`);
  const objects: string[] = [];
  for await (const object of provider.list({})) objects.push(object.key);
  const records = (await store.listFiles({ limit: 10_000 })).map((f) => `${f.id}:${f.storageKey}:${f.isUploaded}:${f.etag}:${f.version}`);
  const tempFiles = stack.localRoot === undefined ? [] : await walk(stack.localRoot, (name) => name.startsWith('.stowage-tmp-'));
  return { objects: objects.sort(), records: records.sort(), tempFiles, multipartUploads: await multipartUploads(stack), openFiles: await openFiles() };
}

/**
 * Asserts nothing was stored or left open since `before`. Cleanup after a refused or aborted request
 * runs asynchronously (the client may be gone already), so it waits up to 5 s for the state to settle.
 */
export async function expectNoResidue(stack: AuthStack, before: Residue): Promise<void> {
  let now = await residue(stack);
  for (let i = 0; i < 50 && !same(before, now); i++) {
    await new Promise((r) => setTimeout(r, 100));
    now = await residue(stack);
  }
  expect({ ...now, openFiles: 0 }).toEqual({ ...before, openFiles: 0 });
  expect(now.openFiles, 'open files').toBeLessThanOrEqual(before.openFiles);
  expect(stack.server.handler.inFlight).toBe(0);
}

function same(a: Residue, b: Residue): boolean {
  return JSON.stringify({ ...a, openFiles: 0 }) === JSON.stringify({ ...b, openFiles: 0 }) && b.openFiles <= a.openFiles;
}

// Open files of this process that are not sockets, pipes or event fds: a leaked read or write stream.
async function openFiles(): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(join('/proc/self/fd', fd)).catch(() => '');
    if (target.startsWith('/') && !target.startsWith('/dev/') && !target.startsWith('/proc/')) count += 1;
  }
  return count;
}

async function walk(dir: string, match: (name: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path, match)));
    else if (match(entry.name)) found.push(path);
  }
  return found;
}

async function multipartUploads(stack: AuthStack): Promise<string[]> {
  if (stack.s3Bucket === undefined) return [];
  const ceph = inject('ceph');
  const client = new S3Client({ endpoint: ceph.endpoint, region: ceph.region, forcePathStyle: true, credentials: { ...ceph.credentials } });
  try {
    const listed = await client.send(new ListMultipartUploadsCommand({ Bucket: stack.s3Bucket }));
    return (listed.Uploads ?? []).map((u) => `${u.Key}:${u.UploadId}`);
  } finally {
    client.destroy();
  }
}
