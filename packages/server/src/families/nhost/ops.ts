import { requireAdmin } from '../../auth/access.js';
import type { StowageContext } from '../../context.js';
import { deleteContent } from '../../files/delete-content.js';
import { toFileSummary } from '../../files/file-metadata.js';
import { findBrokenRecords, findNotUploaded, findOrphans, sweepFamilies } from '../../files/maintenance.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/router.js';

/**
 * Nhost's admin endpoints (`POST /v1/ops/*`): orphaned objects, broken records (bytes missing) and
 * records never completed, listed or deleted. They need the admin secret (`x-stowage-admin-secret`
 * or `x-hasura-admin-secret`), and are off without one.
 */
export function opsRoutes(context: StowageContext): Route[] {
  const op = (name: string, run: () => Promise<Record<string, unknown>>): Route => ({
    methods: ['POST'],
    path: `/v1/ops/${name}`,
    async handle({ req, res }) {
      await requireAdmin(context, req);
      sendJson(res, 200, await run());
    },
  });
  return [
    op('list-orphans', async () => ({ files: (await findOrphans(context)).map((orphan) => orphan.key) })),
    op('delete-orphans', async () => {
      const orphans = await findOrphans(context);
      for (const { key, backend } of orphans) await context.backends.get(backend).provider.delete(key);
      context.logger.info({ count: orphans.length }, 'deleted orphaned objects');
      return { files: orphans.map((orphan) => orphan.key) };
    }),
    op('list-broken-metadata', async () => ({ metadata: (await findBrokenRecords(context)).map(toFileSummary) })),
    op('delete-broken-metadata', async () => {
      const broken = await findBrokenRecords(context);
      for (const record of broken) await context.store.deleteFile(record.id, record.version);
      context.logger.info({ count: broken.length }, 'deleted broken file records');
      return { metadata: broken.map(toFileSummary) };
    }),
    op('list-not-uploaded', async () => ({ metadata: (await findNotUploaded(context)).map(toFileSummary) })),
    // Not in Nhost's API: removes what list-not-uploaded finds, with any bytes already written.
    op('delete-not-uploaded', async () => {
      // Families' expired leftovers first (resumable uploads past their expiry, with their staged bytes).
      const swept = await sweepFamilies(context);
      const stale = await findNotUploaded(context);
      for (const record of stale) {
        if (await context.store.deleteFile(record.id, record.version)) await deleteContent(context, record, 'never completed');
      }
      return { metadata: [...swept, ...stale].map(toFileSummary) };
    }),
  ];
}
