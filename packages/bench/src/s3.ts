import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { emptyBucket } from './cleanup.js';
import type { S3Target } from './servers/stowage.js';

/** The test S3 server (Ceph's RADOS Gateway) with one empty bucket for the S3 targets. */
export interface BenchS3 {
  target: S3Target;
  empty: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Starts Ceph through `@stowage/test-servers` (installing it from Debian when missing) and makes a bucket. */
export async function startBenchS3(memstoreBytes: number, log: (line: string) => void): Promise<BenchS3> {
  const { startCeph } = await import('@stowage/test-servers/ceph');
  const ceph = await startCeph({ memstoreBytes, log });
  const { accessKeyId, secretAccessKey } = ceph.credentials;
  const target: S3Target = { endpoint: ceph.endpoint, region: ceph.region, bucket: 'stowage-bench', credentials: { accessKeyId, secretAccessKey } };
  const client = new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    // A copy: the SDK marks the credentials object it is given (a "$source" key), which the aws-s3
    // provider's strict options schema then refuses.
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: target.bucket }));
  return {
    target,
    empty: () => emptyBucket(client, target.bucket),
    stop: async () => {
      client.destroy();
      await ceph.stop();
    },
  };
}
