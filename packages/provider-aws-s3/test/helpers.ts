import { CreateBucketCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3TestServerInfo } from '@stowage/test-servers/s3-server';
import { createS3Provider, type S3Provider, type S3ProviderOptions } from '../src/index.js';

/** A plain SDK client for a test server, to observe what the provider did. */
export function sdkClient(server: S3TestServerInfo, secret = server.credentials.secretAccessKey): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: secret },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Creates a fresh bucket with a random name on the server. */
export async function createBucket(server: S3TestServerInfo, label: string): Promise<string> {
  const bucket = `${label}-${randomBytes(4).toString('hex')}`;
  const client = sdkClient(server);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return bucket;
}

/** The provider on a test server, configured as a user would: endpoint, region, credentials. */
export function providerFor(server: S3TestServerInfo, bucket: string, options: Partial<S3ProviderOptions> = {}): Promise<S3Provider> {
  return createS3Provider({ bucket, endpoint: server.endpoint, region: server.region, credentials: { ...server.credentials }, ...options });
}

/** The multipart uploads still open in `bucket` (under `prefix`). */
export async function openMultipartUploads(client: S3Client, bucket: string, prefix?: string): Promise<string[]> {
  const out = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, ...(prefix === undefined ? {} : { Prefix: prefix }) }));
  return (out.Uploads ?? []).map((u) => `${u.Key} ${u.UploadId}`);
}

/** One request as it left the SDK (after signing). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * Records every request a client sends, after signing, with an SDK middleware: observation of what goes
 * on the wire, not a mock (the requests still reach the real server).
 */
export function recordRequests(client: S3Client): RecordedRequest[] {
  const seen: RecordedRequest[] = [];
  type Args = { request: unknown };
  const recorder = (next: (args: Args) => Promise<unknown>) => async (args: Args) => {
    const request = args.request as { method?: string; path?: string; query?: Record<string, unknown>; headers?: Record<string, string> };
    seen.push({ method: request.method ?? '', path: request.path ?? '', query: { ...request.query }, headers: { ...request.headers } });
    return next(args);
  };
  client.middlewareStack.addRelativeTo(
    recorder as never,
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'stowageTestRecorder', override: true },
  );
  return seen;
}

/** `bytes` as a stream of chunks cycling through `sizes`, so that chunks never line up with part boundaries. */
export function unevenChunks(bytes: Buffer, sizes: readonly number[] = [65_536, 1, 300_000, 4093, 1_048_576, 77]): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i += 1) {
    const size = sizes[i % sizes.length] ?? 1;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return Readable.from(chunks);
}
