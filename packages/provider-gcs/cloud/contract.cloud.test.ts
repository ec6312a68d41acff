import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runProviderContract } from '@stowage/core/testing';
import { it } from 'vitest';
import gcs from '../src/index.js';

// The contract against a real bucket: `pnpm test:cloud` with STOWAGE_GCS_BUCKET set and credentials in
// the environment (GOOGLE_APPLICATION_CREDENTIALS, or any Application Default Credentials). Signing needs
// a service account (a key file, or ADC of a service account allowed to call signBlob on itself).
const bucket = process.env.STOWAGE_GCS_BUCKET;
// ADC without a key file: gcloud's well-known file, or a metadata server the user vouches for.
const gcloudAdc = join(process.env.CLOUDSDK_CONFIG ?? join(homedir(), '.config', 'gcloud'), 'application_default_credentials.json');
const hasCredentials = Boolean(process.env.GOOGLE_APPLICATION_CREDENTIALS) || existsSync(gcloudAdc) || process.env.STOWAGE_GCS_USE_ADC === '1';

if (bucket === undefined || bucket === '' || !hasCredentials) {
  const missing = [
    bucket ? undefined : 'STOWAGE_GCS_BUCKET (the bucket to test in)',
    hasCredentials ? undefined : 'GOOGLE_APPLICATION_CREDENTIALS (a service-account key file), gcloud application-default credentials, or STOWAGE_GCS_USE_ADC=1 (metadata server)',
  ].filter(Boolean);
  const reason = `GCS cloud contract not run: set ${missing.join(' and ')}`;
  process.stdout.write(`\n[stowage] ${reason}\n\n`);
  it('gcs (real bucket): contract', (ctx) => ctx.skip(reason));
} else {
  runProviderContract({
    name: 'gcs (real bucket)',
    create: () =>
      gcs.init({
        bucket,
        prefix: process.env.STOWAGE_GCS_PREFIX ?? 'stowage-contract',
        ...(process.env.GOOGLE_CLOUD_PROJECT ? { projectId: process.env.GOOGLE_CLOUD_PROJECT } : {}),
      }),
  });
}
