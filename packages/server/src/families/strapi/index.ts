import type { RouteFamily } from '../family.js';
import { strapiConfigSchema } from './config.js';
import { strapiErrorShape } from './errors.js';
import { deleteFileRoute, findFilesRoute, findOneRoute } from './files.js';
import { deleteFormats } from './formats/make-formats.js';
import { strapiPaths, strapiSchemas } from './openapi.js';
import type { StrapiContext } from './strapi-context.js';
import { strapiMigrations } from './store/migrations.js';
import { StrapiStore } from './store/strapi-store.js';
import { uploadRoute } from './upload.js';

export { strapiConfigSchema, type StrapiConfig } from './config.js';
export { strapiStoreOf, type StrapiContext } from './strapi-context.js';
export { StrapiStore } from './store/strapi-store.js';

const config = { strapi: strapiConfigSchema.default(() => strapiConfigSchema.parse({})) };

/**
 * Strapi's Upload plugin API, under `/api/upload` (Strapi's content API) and `/upload`: `POST /upload`
 * (upload, replace with `?id=`), `GET /upload/files`, `GET`/`DELETE /upload/files/:id`, answering
 * Strapi's file objects and error body. Its settings are the `strapi` section, its tables migration
 * `0002_strapi`; images get Strapi's responsive formats (formats/). Its file objects' `url` is the
 * files API's `GET /v1/files/{id}`, which the Nhost family serves.
 */
export const strapiFamily: RouteFamily<typeof config, StrapiStore> = {
  name: 'strapi',
  config,
  migrations: strapiMigrations,
  errorShape: strapiErrorShape,
  openApi: { title: 'Strapi’s Upload plugin API', tags: [{ name: 'strapi', description: 'Strapi’s Upload plugin API' }], schemas: strapiSchemas, paths: strapiPaths },
  createStore: (db) => new StrapiStore(db),
  mount(context, own) {
    const strapi: StrapiContext = { ...context, strapi: { config: own.config.strapi, store: own.store } };
    return {
      routes: ['/api/upload', '/upload'].flatMap((base) => [
        uploadRoute(strapi, base),
        findFilesRoute(strapi, `${base}/files`),
        findOneRoute(strapi, `${base}/files/:id`),
        deleteFileRoute(strapi, `${base}/files/:id`),
      ]),
      hooks: {
        // A file deleted through the files API takes its responsive formats with it.
        async onFileDelete(file) {
          const formats = (await own.store.getByFileId(file.id))?.formats ?? null;
          return formats === null ? undefined : () => deleteFormats(context, formats);
        },
      },
    };
  },
};
