import { runProviderContract } from '@stowage/core/testing';
import { inject } from 'vitest';
import { emulatorProvider } from './emulator.js';

// The firebase-tools emulator with a test-only layer in front of it, in its child process (see
// gcs-emulator-child.cjs in @stowage/test-servers): Google's resumable upload protocol (308 + Range) for
// multi-chunk uploads, V4 signature checks of signed URLs and POST policies against the run's generated
// service-account key, and the JSON API's /storage/v1 base path; and, in this process, compose-layer.ts for
// objects.compose (which the resumable capability's completion uses). contract-bare.test.ts shows what the
// emulator alone lacks. Nothing is skipped here.
runProviderContract({
  name: 'gcs (firebase emulator + protocol layer)',
  create: () => emulatorProvider({ bucket: 'stowage-contract', prefix: 'kit', apiEndpoint: inject('gcsComposeEndpoint') }),
});
