import type { StowageContext } from '../../context.js';
import type { RouteModule } from '../../http/router.js';
import { strapiErrorShape } from './errors.js';
import { deleteFileRoute, findFilesRoute, findOneRoute } from './files.js';
import { uploadRoute } from './upload.js';

export { strapiConfigSchema, type StrapiConfig } from './config.js';

/**
 * Strapi's Upload plugin API, under `/api/upload` (Strapi's content API) and `/upload`: `POST /upload`
 * (upload, replace with `?id=`), `GET /upload/files`, `GET`/`DELETE /upload/files/:id`. Errors use
 * Strapi's shape.
 */
export function strapiRoutes(context: StowageContext): RouteModule {
  return {
    name: 'strapi',
    errorShape: strapiErrorShape,
    routes: ['/api/upload', '/upload'].flatMap((base) => [
      uploadRoute(context, base),
      findFilesRoute(context, `${base}/files`),
      findOneRoute(context, `${base}/files/:id`),
      deleteFileRoute(context, `${base}/files/:id`),
    ]),
  };
}
