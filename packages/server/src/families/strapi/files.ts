import { authorizeRequest, requestAccess } from '../../auth/access.js';
import { authorize, ruleFor, type Action } from '../../auth/authorize.js';
import type { StrapiContext } from './strapi-context.js';
import type { StrapiCondition, StrapiFile } from './store/strapi-store.js';
import { HttpError } from '../../http/http-status.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/router.js';
import { toStrapiJson } from './file-object.js';
import { parseFindQuery } from './query.js';
import { loadStrapiFile } from './replace.js';
import { removeFile } from './upload.js';

/** `GET /upload/files`: Strapi's `filters`, `sort` and `pagination`; answers the array of file objects. */
export function findFilesRoute(context: StrapiContext, path: string): Route {
  return {
    methods: ['GET'],
    path,
    async handle({ req, res, query, mountPath }) {
      const parsed = await parseFindQuery(query.toString());
      const access = await requestAccess(context, req);
      const bucket = context.strapi.config.bucket;
      const scope: StrapiCondition[] = [{ bucket }];
      // Under an `owner` read rule a user lists their own files; any other rule is decided for the bucket.
      if (access.principal.kind === 'user' && ruleFor(access, 'read', bucket) === 'owner') scope.push({ uploadedBy: access.principal.userId ?? '' });
      else authorize(access, 'read', bucket);
      const found = await context.strapi.store.find({ ...parsed, where: { and: parsed.where === undefined ? scope : [...scope, parsed.where] } });
      sendJson(res, 200, found.map((file) => toStrapiJson(context, file, mountPath)));
    },
  };
}

/** `GET /upload/files/:id`. */
export function findOneRoute(context: StrapiContext, path: string): Route {
  return oneFileRoute(context, 'GET', path, 'read');
}

/** `DELETE /upload/files/:id`: the record (its links go with it), its formats, then its bytes; answers the file deleted. */
export function deleteFileRoute(context: StrapiContext, path: string): Route {
  return oneFileRoute(context, 'DELETE', path, 'delete', async (file) => {
    if (!(await removeFile(context, file.file, file.formats))) throw new HttpError('NOT_FOUND', 'File not found', { id: file.id });
  });
}

/** A route on one file by its Strapi id: loads it, checks `action` on it, does `act`, answers the file. */
function oneFileRoute(context: StrapiContext, method: string, path: string, action: Action, act?: (file: StrapiFile) => Promise<void>): Route {
  return {
    methods: [method],
    path,
    async handle({ req, res, params, mountPath }) {
      const file = await loadStrapiFile(context, params.id ?? '');
      await authorizeRequest(context, req, action, file.file.bucketId, file.file);
      await act?.(file);
      sendJson(res, 200, toStrapiJson(context, file, mountPath));
    },
  };
}
