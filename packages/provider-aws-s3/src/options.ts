import { S3Client } from '@aws-sdk/client-s3';
import { normalizeKey, parseOptions } from '@stowage/core';
import { z } from 'zod';

/** The canned ACLs S3 knows. */
export const CANNED_ACLS = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control'] as const;

/** The smallest multipart part S3 accepts (except the last one). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** Options of the S3 provider. Only `bucket` is required. */
export interface S3ProviderOptions {
  /** The bucket every key lives in. */
  bucket: string;
  /**
   * The region to sign requests for (`auto` on Cloudflare R2).
   * @default `us-east-1` with a non-AWS `endpoint`; otherwise the AWS SDK's default chain (`AWS_REGION`, the profile)
   */
  region?: string;
  /**
   * Static credentials. Never echoed in errors or logs.
   * @default the AWS SDK's default credential chain (environment, profile, SSO, container and instance roles)
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * The S3 API endpoint of a non-AWS service (`https://<account>.r2.cloudflarestorage.com`, `http://127.0.0.1:9000`).
   * @default AWS's endpoint for `region`
   */
  endpoint?: string;
  /**
   * Path-style addressing (`endpoint/bucket/key`) instead of virtual-hosted (`bucket.endpoint/key`).
   * @default `true` with a non-AWS `endpoint`, `false` on AWS (`*.amazonaws.com`)
   */
  forcePathStyle?: boolean;
  /**
   * A key prefix under which every key of this provider is stored (`uploads` stores `a.png` at `uploads/a.png`).
   * @default none
   */
  rootPath?: string;
  /**
   * The public URL of the bucket (a CDN, a custom domain); uploads then report `url`. Keys are appended
   * with their `rootPath`, unless `baseUrl` already ends with it; the bucket name is never appended.
   * @default none (uploads report no `url`)
   */
  baseUrl?: string;
  /**
   * A canned ACL sent with every write. Buckets with ACLs disabled (the AWS default since 2023) refuse any ACL.
   * @default none: no ACL header is ever sent
   */
  acl?: (typeof CANNED_ACLS)[number];
  /**
   * Server-side encryption asked for on every write: `AES256` (SSE-S3) or `aws:kms` (SSE-KMS).
   * @default none (the bucket's default encryption applies); `aws:kms` when `kmsKeyId` is set
   */
  serverSideEncryption?: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  /**
   * The KMS key id or ARN for SSE-KMS.
   * @default none (the AWS-managed `aws/s3` key)
   */
  kmsKeyId?: string;
  /**
   * The storage class of new objects (`STANDARD_IA`, `INTELLIGENT_TIERING`…).
   * @default none (the service's default, `STANDARD` on AWS)
   */
  storageClass?: string;
  /**
   * When the SDK adds request checksums. `WHEN_SUPPORTED` sends `aws-chunked` bodies with checksum
   * trailers, which most S3-compatible servers reject or store corrupted.
   * @default `WHEN_REQUIRED` with a non-AWS `endpoint`, `WHEN_SUPPORTED` on AWS
   */
  requestChecksumCalculation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /**
   * When the SDK validates response checksums.
   * @default `WHEN_REQUIRED` with a non-AWS `endpoint`, `WHEN_SUPPORTED` on AWS
   */
  responseChecksumValidation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /**
   * Bytes per multipart part (at least 5 MiB). A body up to this size goes up as one `PutObject`.
   * Memory per upload is about `partSize × (queueSize + 1)`: the part buffers are reused.
   * @default 5 MiB
   */
  partSize?: number;
  /**
   * Parts uploaded in parallel per upload.
   * @default 4
   */
  queueSize?: number;
  /**
   * Default lifetime of signed URLs and signed uploads, in seconds (at most 7 days).
   * @default 900
   */
  signedUrlExpiresIn?: number;
  /**
   * How `signedUpload` lets browsers upload: `POST` (a presigned POST form whose policy limits the size,
   * so `enforcesMaxSize` is `true`) or `PUT` (a presigned URL, for services without POST uploads such as
   * Cloudflare R2; the size limit is then not enforced by the service).
   * @default 'POST'
   */
  signedUploadMethod?: 'POST' | 'PUT';
  /**
   * A ready `S3Client` to use instead of building one; then `region`, `credentials`, `endpoint`,
   * `forcePathStyle` and the checksum options belong to that client and must not be set here. The
   * provider's `close()` leaves an injected client open.
   * @default none (the provider builds and owns its client)
   */
  client?: S3Client;
}

const CLIENT_OWNED = ['region', 'credentials', 'endpoint', 'forcePathStyle', 'requestChecksumCalculation', 'responseChecksumValidation'] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const checksumMode = z.enum(['WHEN_SUPPORTED', 'WHEN_REQUIRED']);

const schema = z
  .strictObject({
    bucket: z.string({ error: 'expected the bucket name' }).min(1, 'expected the bucket name'),
    region: z.string().min(1, 'expected a region name').optional(),
    // Not strict: the SDK annotates credential objects it has used (`$source`, `expiration`,
    // `credentialScope`), and an app may hand the provider the same object it gave its own S3Client.
    credentials: z
      .object({
        accessKeyId: z.string({ error: 'expected a string' }).min(1, 'must not be empty'),
        secretAccessKey: z.string({ error: 'expected a string' }).min(1, 'must not be empty'),
        sessionToken: z.string({ error: 'expected a string' }).min(1, 'must not be empty').optional(),
      })
      .optional(),
    endpoint: httpUrl.optional(),
    forcePathStyle: z.boolean().optional(),
    rootPath: z.string().optional(),
    baseUrl: httpUrl.optional(),
    acl: z.enum(CANNED_ACLS).optional(),
    serverSideEncryption: z.enum(['AES256', 'aws:kms', 'aws:kms:dsse']).optional(),
    kmsKeyId: z.string().min(1, 'must not be empty').optional(),
    storageClass: z.string().regex(/^[A-Z0-9_]+$/, 'expected a storage class name such as STANDARD_IA').optional(),
    requestChecksumCalculation: checksumMode.optional(),
    responseChecksumValidation: checksumMode.optional(),
    partSize: z.int().min(MIN_PART_SIZE, 'must be at least 5 MiB (5242880)').max(5 * 1024 ** 3, 'must be at most 5 GiB').default(MIN_PART_SIZE),
    queueSize: z.int().min(1).max(64).default(4),
    signedUrlExpiresIn: z.int().min(1).max(604_800, 'must be at most 604800 (7 days)').default(900),
    signedUploadMethod: z.enum(['POST', 'PUT']).default('POST'),
    client: z.custom<S3Client>(isS3Client, 'expected an S3Client from @aws-sdk/client-s3').optional(),
  })
  .superRefine((o, ctx) => {
    if (o.client !== undefined) {
      for (const name of CLIENT_OWNED) {
        if (o[name] !== undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'set it on the injected S3Client instead (option "client" is set)' });
      }
    }
    if (o.kmsKeyId !== undefined && o.serverSideEncryption === 'AES256') {
      ctx.addIssue({ code: 'custom', path: ['kmsKeyId'], message: 'needs serverSideEncryption "aws:kms" or "aws:kms:dsse", not "AES256"' });
    }
    if (o.rootPath !== undefined && o.rootPath.replace(/\/+$/, '') !== '') {
      try {
        normalizeKey(o.rootPath.replace(/\/+$/, ''));
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['rootPath'], message: `expected a relative key prefix (${(error as Error).message})` });
      }
    }
  });

/** The options after validation and defaults. */
export type ResolvedS3Options = z.output<typeof schema> & { rootPath: string | undefined };

// Keeps the documented interface and the schema in step: a mismatch fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inSync: Same<Required<z.input<typeof schema>>, Required<S3ProviderOptions>> = true;
void inSync;

/**
 * Validates the provider's options.
 * @throws `INVALID_OPTIONS` naming each bad option and what was expected, never its value.
 */
export async function resolveOptions(input: unknown): Promise<ResolvedS3Options> {
  const parsed = await parseOptions('aws-s3', schema, input);
  const rootPath = parsed.rootPath?.replace(/\/+$/, '').normalize('NFC') || undefined;
  return { ...parsed, rootPath, ...(parsed.kmsKeyId !== undefined && parsed.serverSideEncryption === undefined ? { serverSideEncryption: 'aws:kms' as const } : {}) };
}

function isS3Client(value: unknown): value is S3Client {
  if (value instanceof S3Client) return true;
  // Another copy of the SDK in the tree: accept anything shaped like a client.
  const v = value as { send?: unknown; config?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.send === 'function' && typeof v.config === 'object';
}
