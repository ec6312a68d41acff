import { inject } from 'vitest';
import gcs from '../src/index.js';
import type { GcsProvider } from '../src/provider.js';
import type { GcsProviderOptions } from '../src/options.js';

/** A provider on the emulator, signing with the run's service-account key (which the emulator trusts). */
export async function emulatorProvider(overrides: Partial<GcsProviderOptions> = {}): Promise<GcsProvider> {
  return gcs.init({
    bucket: 'stowage-test',
    apiEndpoint: inject('gcsEndpoint'),
    credentials: inject('gcsServiceAccount'),
    ...overrides,
  });
}
