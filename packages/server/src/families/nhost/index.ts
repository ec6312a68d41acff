import { plainErrorShape } from '../../http/error-shape.js';
import { sendJson } from '../../http/respond.js';
import { VERSION } from '../../version.js';
import type { RouteFamily } from '../family.js';
import { deleteFileRoute } from './delete-file.js';
import { getFileRoute } from './get-file.js';
import { nhostPaths, nhostSchemas } from './openapi.js';
import { opsRoutes } from './ops.js';
import { presignedContentsRoute, presignedUrlRoute } from './presigned-url.js';
import { replaceFileRoute } from './replace-file.js';
import { uploadFilesRoute } from './upload-files.js';

/**
 * The Nhost-compatible files API under `/v1` (Nhost storage's OpenAPI document): upload, download,
 * replace, delete, presigned URLs, the admin's `/v1/ops/*`. It keeps no tables of its own (files and
 * buckets are the shared store's) and answers errors as `{ error: { message, data } }`.
 */
export const nhostFamily: RouteFamily<Record<never, never>, undefined> = {
  name: 'nhost',
  errorShape: plainErrorShape,
  openApi: {
    title: 'the Nhost-compatible files API',
    tags: [
      { name: 'files', description: 'Nhost’s files API' },
      { name: 'ops', description: 'Maintenance, with the admin secret' },
    ],
    schemas: nhostSchemas,
    paths: nhostPaths,
  },
  mount(context) {
    return {
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
  },
};
