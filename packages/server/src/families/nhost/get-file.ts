import { authorizeRequest } from '../../auth/access.js';
import type { StowageContext } from '../../context.js';
import { serveFile } from '../../files/serve-file.js';
import { HttpError } from '../../http/http-status.js';
import type { Route } from '../../http/router.js';
import { loadFile } from './load-file.js';

const IMAGE_PARAMS = ['w', 'h', 'q', 'b', 'f'];

/** `GET` and `HEAD /v1/files/{id}`: the file's bytes, with conditional requests and ranges. */
export function getFileRoute(context: StowageContext): Route {
  return {
    methods: ['GET', 'HEAD'],
    path: '/v1/files/:id',
    async handle({ req, res, params, query }) {
      const asked = IMAGE_PARAMS.filter((p) => query.has(p));
      if (asked.length > 0) throw new HttpError('UNSUPPORTED', `Image transformations are not supported yet: remove the ${asked.join(', ')} query parameters`);
      const { file, bucket } = await loadFile(context, params.id ?? '');
      await authorizeRequest(context, req, 'read', bucket.id, file);
      await serveFile(context, req, res, file, bucket, req.method === 'HEAD' ? 'HEAD' : 'GET');
    },
  };
}
