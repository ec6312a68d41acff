import { runProviderContract } from '@stowage/core/testing';
import { inject } from 'vitest';
import { emulatorProvider } from './emulator.js';

// The firebase-tools emulator exactly as it ships, to show its gaps in the report. Each gap is covered
// elsewhere: contract.test.ts runs every clause against the same emulator with a layer that implements
// what it lacks (Google's resumable protocol, V4 signature checks, the /storage/v1 base path, objects.compose), and
// signing.test.ts verifies the signatures offline.
runProviderContract({
  name: 'gcs (bare firebase emulator)',
  create: () => emulatorProvider({ bucket: 'stowage-bare', prefix: 'kit', apiEndpoint: inject('gcsBareEndpoint') }),
  skip: {
    'upload.roundtrip.12mib':
      'emulator gap: a resumable upload is finalized by its first chunk (200 instead of 308), so an upload of more than one 8 MiB chunk stores only the first chunk and the SDK deletes it on the CRC32C mismatch; covered by contract.test.ts and resumable.test.ts (multi-chunk protocol layer)',
    'upload.memory':
      'emulator gap: multi-chunk resumable uploads are not implemented (first chunk answered 200) and request bodies are capped at 130 MB; covered by contract.test.ts (protocol layer)',
    'signedUrl.disposition':
      'emulator gap: response-content-disposition of a signed GET is ignored (it serves the stored disposition plus a filename); covered by contract.test.ts (signature layer) and signing.test.ts',
    'signedUrl.expired': 'emulator gap: X-Goog-Date/X-Goog-Expires are not checked; covered by contract.test.ts (signature layer) and signing.test.ts',
    'signedUrl.tamper': 'emulator gap: V4 signatures are not verified; covered by contract.test.ts (signature layer) and signing.test.ts (offline, with the public key)',
    'signedUpload.max-size':
      'emulator gap: POST policy forms are stored without checking the signature or the content-length-range condition; covered by contract.test.ts (signature layer) and signing.test.ts',
    'resumable.roundtrip':
      'emulator gap: objects.compose is not implemented (POST .../o/NAME/compose answers 501 Not Implemented from its catch-all route), and completing an upload with bytes composes its parts; covered by contract.test.ts (compose layer)',
    'resumable.rewind':
      'emulator gap: objects.compose is not implemented (POST .../o/NAME/compose answers 501 Not Implemented from its catch-all route), and completing an upload with bytes composes its parts; covered by contract.test.ts (compose layer)',
    'resumable.failed-append':
      'emulator gap: objects.compose is not implemented (POST .../o/NAME/compose answers 501 Not Implemented from its catch-all route), and completing an upload with bytes composes its parts; covered by contract.test.ts (compose layer)',
    'resumable.max-size':
      'emulator gap: objects.compose is not implemented (POST .../o/NAME/compose answers 501 Not Implemented from its catch-all route), and completing an upload with bytes composes its parts; covered by contract.test.ts (compose layer)',
    copy: 'emulator gap: rewriteTo is routed only without the /storage/v1 base path the SDK uses with apiEndpoint (501 Not Implemented); covered by contract.test.ts (path layer)',
  },
});
