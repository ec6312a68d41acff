import { authorizeRequest } from '../../auth/access.js';
import type { StowageContext } from '../../context.js';
import { serveFile } from '../../files/serve-file.js';
import type { Route } from '../../http/router.js';
import { loadFile } from './load-file.js';

/**
 * `GET` and `HEAD /v1/files/{id}`: the file's bytes, with conditional requests and ranges; with `w`,
 * `h`, `q`, `b` or `f`, a transformed image of it (images/image-variants.ts).
 */
export function getFileRoute(context: StowageContext): Route {
  return {
    methods: ['GET', 'HEAD'],
    path: '/v1/files/:id',
    async handle({ req, res, params, query }) {
      const { file, bucket } = await loadFile(context, params.id ?? '');
      await authorizeRequest(context, req, 'read', bucket.id, file);
      const answer = await context.images.answer(context, file, bucket, query, req.headers.accept);
      await serveFile(context, req, res, file, bucket, req.method === 'HEAD' ? 'HEAD' : 'GET', answer);
    },
  };
}
