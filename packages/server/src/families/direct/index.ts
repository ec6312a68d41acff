import type { Route } from '../../http/router.js';
import type { RouteFamily } from '../family.js';
import { completeUploadRoute } from './complete-upload.js';
import { directConfigSchema } from './config.js';
import { declareUploadRoute } from './declare-upload.js';
import { DirectStore } from './direct-store.js';
import { directErrorShape } from './errors.js';
import { derivedLocalSigning, localUploadRoute } from './local-uploads.js';
import { directMigrations } from './migrations.js';
import { directPaths, directSchemas } from './openapi.js';

export { directConfigSchema, type DirectConfig } from './config.js';
export { DirectStore, type PendingUpload } from './direct-store.js';

const config = { direct: directConfigSchema.default(() => directConfigSchema.parse({})) };

/**
 * Direct-to-bucket uploads under the files API: `POST /v1/files/direct` declares a file (checked like
 * `POST /v1/files`) and answers a signed upload request from the bucket's provider, the client sends
 * the bytes straight to storage, and `POST /v1/files/{id}/complete` checks them and completes the
 * record. provider-local's uploads come back to the server (`PUT /v1/files/direct/upload/…`, or its
 * configured `signing.baseUrl`), so the embedded default works the same. Declarations live in
 * `stowage_direct_uploads` (migration `0004_direct_uploads`) until completed; the maintenance sweep
 * removes those never completed once their URL expired. Errors are the files API's, with `X-Error`.
 */
export const directFamily: RouteFamily<typeof config, DirectStore> = {
  name: 'direct',
  config,
  migrations: directMigrations,
  errorShape: directErrorShape,
  openApi: { title: 'direct-to-bucket uploads', tags: [{ name: 'direct', description: 'Uploads straight to the bucket’s storage, with a signed request' }], schemas: directSchemas, paths: directPaths },
  createStore: (db) => new DirectStore(db),
  mount(context, own) {
    const store = own.store;
    const localSigning = derivedLocalSigning(context);
    const backendOf = async (key: string) => {
      const pending = await store.byStorageKey(key);
      const record = pending === undefined ? undefined : await context.store.getFile(pending.fileId);
      return record === undefined ? undefined : context.backends.find(record.backend);
    };
    const local = localUploadRoute(context, localSigning, backendOf);
    const routes: Route[] = [declareUploadRoute(context, { config: own.config.direct, store, localSigning }), completeUploadRoute(context, store), ...(local === undefined ? [] : [local])];
    return {
      routes,
      hooks: {
        async acceptsSignedUpload(backend, key) {
          const pending = await store.byStorageKey(key);
          if (pending === undefined) return false;
          const record = await context.store.getFile(pending.fileId);
          return record !== undefined && !record.isUploaded && record.backend === backend;
        },
        // A declaration is waited on until its URL expired and the grace period (an upload begun just
        // before the expiry may still be arriving) passed.
        holdsNotUploaded: (records) => store.unexpired(records.map((record) => record.id), new Date(Date.now() - context.config.orphanGracePeriod * 1000)),
      },
    };
  },
};
