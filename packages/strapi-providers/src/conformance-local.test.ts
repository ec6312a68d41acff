import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runContract } from '@stowage/core/testing/headless';
import { it } from 'vitest';
import { publishAndCheck, RESUMABLE_SKIPS, STRAPI_API_LIMITS } from './conformance.test-helper.js';
import { createStrapiProvider } from './index.js';
import { serveStatic } from './static-server.test-helper.js';

// Strapi providers resolve from this package, where they are installed; the files go to a temp directory.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const OVERWRITTEN_LOST =
  'provider-local writes straight into the final file, so a failed body leaves a partial file; the adapter (removeOnFailure) deletes it so no partial object is readable, which also loses the object that was there before.';

it('runs the contract kit through the adapter against the unmodified @strapi/provider-upload-local', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-strapi-local-contract-'));
  // Strapi serves `public/` with its own static middleware; this stands in for it.
  const web = await serveStatic(join(dir, 'public'));
  try {
    const report = await runContract({ name: 'strapi-local', create: () => createStrapiProvider({ provider: 'local', cwd: PACKAGE_DIR, publicDir: join(dir, 'public'), baseUrl: web.url }) });
    await publishAndCheck(
      report,
      {
        failed: {
          'upload.overwrite': 'provider-local stores no MIME type (Strapi keeps it in its database and its web server answers by extension), so the new contentType is not read back.',
          'upload.abort.signal': OVERWRITTEN_LOST,
          'upload.abort.source-error': OVERWRITTEN_LOST,
          'upload.checksum.mismatch': OVERWRITTEN_LOST,
          'upload.input.metadata-rule': 'Strapi providers store no user metadata, so the names the rule allows do not come back through stat.',
          'metadata.roundtrip': 'provider-local stores only bytes: no MIME type, Cache-Control, Content-Disposition or user metadata.',
        },
        skipped: {
          'signedUrl.fetch': 'provider-local is public (no isPrivate/getSignedUrl).',
          'signedUrl.disposition': 'provider-local is public (no isPrivate/getSignedUrl).',
          'signedUrl.expired': 'provider-local is public (no isPrivate/getSignedUrl).',
          'signedUrl.tamper': 'provider-local is public (no isPrivate/getSignedUrl).',
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
      'Run through `@stowage/strapi-providers` against the unmodified `@strapi/provider-upload-local` in a temporary directory, reading through a static server over its `public/` directory (as Strapi serves it). Keys map to flat file names (`keyStyle: "flat"`). Strapi providers only upload and delete: `read`, `stat` and `exists` go through the object URL.',
    );
  } finally {
    await web.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 300_000);
