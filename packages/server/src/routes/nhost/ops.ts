import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { StowageContext } from '../../context.js';
import { deleteContent } from '../../files/delete-content.js';
import { toFileSummary } from '../../files/file-metadata.js';
import { findBrokenRecords, findNotUploaded, findOrphans } from '../../files/maintenance.js';
import { HttpError } from '../../http/http-status.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/router.js';

/**
 * Nhost's admin endpoints (`POST /v1/ops/*`): orphaned objects, broken records (bytes missing) and
 * records never completed, listed or deleted. They need `x-hasura-admin-secret` to equal the
 * configured `adminSecret`, and are off without one.
 */
export function opsRoutes(context: StowageContext): Route[] {
  const op = (name: string, run: () => Promise<Record<string, unknown>>): Route => ({
    methods: ['POST'],
    path: `/v1/ops/${name}`,
    async handle({ req, res }) {
      assertAdmin(context, req);
      sendJson(res, 200, await run());
    },
  });
  return [
    op('list-orphans', async () => ({ files: await findOrphans(context) })),
    op('delete-orphans', async () => {
      const files = await findOrphans(context);
      for (const key of files) await context.provider.delete(key);
      context.logger.info({ count: files.length }, 'deleted orphaned objects');
      return { files };
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
      const stale = await findNotUploaded(context);
      for (const record of stale) {
        if (await context.store.deleteFile(record.id, record.version)) await deleteContent(context, record.storageKey, 'never completed');
      }
      return { metadata: stale.map(toFileSummary) };
    }),
  ];
}

function assertAdmin(context: StowageContext, req: IncomingMessage): void {
  const secret = context.config.adminSecret;
  if (secret === undefined) throw new HttpError(403, 'Admin endpoints are disabled: set adminSecret (or STOWAGE_ADMIN_SECRET) to enable them');
  const given = req.headers['x-hasura-admin-secret'];
  const a = Buffer.from(typeof given === 'string' ? given : '');
  const b = Buffer.from(secret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new HttpError(401, 'Invalid x-hasura-admin-secret header: expected the configured admin secret');
}
