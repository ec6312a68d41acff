import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import s3 from '@stowage/provider-upload-aws-s3';
import { inject } from 'vitest';
import type { StowageConfigInput } from '../../src/config/schema.js';

/**
 * A new bucket on the run's Ceph gateway, and the server configuration that stores in it through
 * provider-aws-s3 (given as a definition, so the tests run it from its sources).
 */
export async function freshS3Bucket(): Promise<Pick<StowageConfigInput, 'provider' | 'providerOptions'>> {
  const ceph = inject('ceph');
  const bucket = `stowage-${randomBytes(6).toString('hex')}`;
  const client = new S3Client({ endpoint: ceph.endpoint, region: ceph.region, forcePathStyle: true, credentials: { ...ceph.credentials } });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  return {
    provider: s3,
    providerOptions: {
      bucket,
      region: ceph.region,
      endpoint: ceph.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: ceph.credentials.accessKeyId, secretAccessKey: ceph.credentials.secretAccessKey },
    },
  };
}
