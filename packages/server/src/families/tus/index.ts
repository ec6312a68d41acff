import { plainErrorShape } from '../../http/error-shape.js';
import type { Route } from '../../http/router.js';
import type { RouteFamily } from '../family.js';
import { tusConfigSchema } from './config.js';
import { tusPaths } from './openapi.js';
import { PartialUploads } from './partial-uploads.js';
import { TusDataStore } from './tus-datastore.js';
import { CHECKSUM_HEADER, createTusServer, mountPaths, TUS_PATH } from './tus-server.js';
import { tusMigrations, TusStore } from './tus-store.js';

/**
 * Resumable uploads with the tus 1.0 protocol at `/v1/files/tus` (core, creation, creation-with-upload,
 * creation-defer-length, termination, expiration, checksum): the same bucket rules, auth and records as
 * `POST /v1/files`, with the upload's state in the shared database.
 */
export const tusFamily: RouteFamily<{ tus: typeof tusConfigSchema }, TusStore> = {
  name: 'tus',
  config: { tus: tusConfigSchema },
  migrations: tusMigrations,
  errorShape: plainErrorShape,
  openApi: { title: 'resumable uploads (tus 1.0)', tags: [{ name: 'tus', description: 'Resumable uploads, tus 1.0' }], paths: tusPaths },
  createStore: (db) => new TusStore(db),
  mount(context, { config, store }) {
    const uploads = new PartialUploads(context, store, config.tus.stagingDir);
    const datastore = new TusDataStore(context, store, uploads, config.tus.expiresIn * 1000);
    const server = createTusServer(context, datastore);
    const handle: Route['handle'] = async ({ req, res, mountPath }) => {
      mountPaths.set(req, mountPath);
      if (req.method === 'OPTIONS') for (const [name, value] of Object.entries(CHECKSUM_HEADER)) res.setHeader(name, value);
      await server.handle(req, res);
    };
    const sweeper =
      config.tus.sweepInterval === 0
        ? undefined
        : setInterval(() => {
            datastore.sweep().catch((error: unknown) => context.logger.warn({ err: error, family: 'tus' }, 'sweeping expired uploads failed'));
          }, config.tus.sweepInterval * 1000).unref();
    return {
      routes: [
        { methods: ['POST', 'OPTIONS'], path: TUS_PATH, handle },
        { methods: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'], path: `${TUS_PATH}/:id`, handle },
      ],
      hooks: {
        async holdsNotUploaded(records) {
          const held = new Set<string>();
          for (const record of records) {
            const row = await store.get(record.id);
            if (row !== undefined && Date.parse(row.createdAt) + datastore.getExpiration() > Date.now()) held.add(record.id);
          }
          return held;
        },
        sweep: () => datastore.sweep(),
        async onFileDelete(file) {
          const row = await store.get(file.id);
          return row === undefined ? undefined : () => uploads.discard(file, row.handle);
        },
      },
      async close() {
        if (sweeper !== undefined) clearInterval(sweeper);
      },
    };
  },
};
