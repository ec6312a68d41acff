import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/**
 * Deletes every stored file under `dir` between repetitions (folders stay: servers may cache that they
 * exist), keeping the SQLite database, so that the disk and its cache start each repetition alike.
 */
export async function removeStoredFiles(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await removeStoredFiles(path);
    else if (!entry.name.startsWith('stowage.db')) await unlink(path).catch(() => undefined);
  }
}

/** Deletes every object in `bucket`. */
export async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ Key: o.Key }]));
    if (keys.length === 0) return;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  }
}
