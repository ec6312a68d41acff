import type { StowageContext } from '../../context.js';
import { sendJson } from '../../http/respond.js';
import type { RouteModule } from '../../http/router.js';
import { deleteFileRoute } from './delete-file.js';
import { getFileRoute } from './get-file.js';
import { opsRoutes } from './ops.js';
import { presignedContentsRoute, presignedUrlRoute } from './presigned-url.js';
import { replaceFileRoute } from './replace-file.js';
import { uploadFilesRoute } from './upload-files.js';
import { VERSION } from '../../version.js';

/** The Nhost-compatible files API under `/v1` (Nhost storage's OpenAPI document). */
export function nhostRoutes(context: StowageContext): RouteModule {
  return {
    name: 'nhost',
    routes: [
      uploadFilesRoute(context),
      getFileRoute(context),
      replaceFileRoute(context),
      deleteFileRoute(context),
      presignedUrlRoute(context),
      presignedContentsRoute(context),
      ...opsRoutes(context),
      {
        methods: ['GET'],
        path: '/v1/version',
        async handle({ res }) {
          sendJson(res, 200, { buildVersion: VERSION });
        },
      },
    ],
  };
}
