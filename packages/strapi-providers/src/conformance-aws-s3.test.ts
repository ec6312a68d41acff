import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { runContract } from '@stowage/core/testing/headless';
import { startCeph, type CephServer } from '@stowage/test-servers/ceph';
import { afterAll, beforeAll, it } from 'vitest';
import { publishAndCheck, RESUMABLE_SKIPS, STRAPI_API_LIMITS } from './conformance.test-helper.js';
import { createStrapiProvider } from './index.js';

let ceph: CephServer;
beforeAll(async () => {
  ceph = await startCeph({ memstoreBytes: 1024 ** 3 });
}, 300_000);
afterAll(async () => ceph?.stop());

const NO_EXPIRY = "Strapi's getSignedUrl takes no expiry: the URL lives the provider's `params.signedUrlExpires` (900 s here) whatever is asked; the adapter reports that true expiry.";

it('runs the contract kit through the adapter against the unmodified @strapi/provider-upload-aws-s3 on Ceph', async () => {
  const bucket = `strapi-${randomBytes(4).toString('hex')}`;
  const client = {
    endpoint: ceph.endpoint,
    region: ceph.region,
    forcePathStyle: true,
    credentials: ceph.credentials,
    // The SDK's default CRC32 trailers break S3-compatible servers (see the shared test-server notes).
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };
  const admin = new S3Client(client);
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  admin.destroy();
  const s3Options = { ...client, params: { Bucket: bucket, ACL: 'private', signedUrlExpires: 900 } };
  const report = await runContract({ name: 'strapi-aws-s3', create: () => createStrapiProvider({ provider: 'aws-s3', providerOptions: { s3Options } }) });
  await publishAndCheck(
    report,
    {
      failed: {
        'upload.overwrite': "Strapi's file object carries no user metadata, so the overwrite's metadata is not stored.",
        'upload.input.metadata-rule': 'Strapi providers store no user metadata, so the names the rule allows do not come back through stat.',
        'metadata.roundtrip': "Strapi's file object carries only `mime`: Cache-Control, Content-Disposition and user metadata are not stored.",
        'signedUrl.fetch': NO_EXPIRY,
        'signedUrl.expired': NO_EXPIRY,
      },
      skipped: {
        'signedUpload.client': STRAPI_API_LIMITS.notDeclared('direct (presigned) upload'),
        'signedUpload.max-size': STRAPI_API_LIMITS.notDeclared('direct (presigned) upload'),
        'copy.roundtrip': STRAPI_API_LIMITS.notDeclared('copy'),
        'copy.not-found': STRAPI_API_LIMITS.notDeclared('copy'),
        'list.prefix': STRAPI_API_LIMITS.notDeclared('listing'),
        'list.pagination': STRAPI_API_LIMITS.notDeclared('listing'),
        'check.ok': STRAPI_API_LIMITS.notDeclared('start-up check'),
        ...RESUMABLE_SKIPS,
      },
    },
    'Run through `@stowage/strapi-providers` against the unmodified `@strapi/provider-upload-aws-s3` on a real Ceph RADOS Gateway (which checks signatures), with a private bucket (`ACL: "private"`): `read`, `stat` and `exists` go through the provider\'s own signed URLs, `signedUrl` is its `getSignedUrl`. Keys map to `path` + `hash` + `ext`, so objects land at exactly the Stowage key.',
  );
}, 600_000);
