import { authorizeRequest } from '../../auth/access.js';
import type { StowageContext } from '../../context.js';
import { deleteContent } from '../../files/delete-content.js';
import { prepareFileDeletion } from '../../files/file-hooks.js';
import { HttpError } from '../../http/http-status.js';
import type { Route } from '../../http/router.js';
import { assertWritePreconditions, loadFile } from './load-file.js';

/** `DELETE /v1/files/{id}`: the record first (so none points at missing bytes), then what other families hang on it and its bytes. 204. */
export function deleteFileRoute(context: StowageContext): Route {
  return {
    methods: ['DELETE'],
    path: '/v1/files/:id',
    async handle({ req, res, params }) {
      const { file } = await loadFile(context, params.id ?? '');
      await authorizeRequest(context, req, 'delete', file.bucketId, file);
      assertWritePreconditions(req, file);
      // Other families' rows about the file go with the record; what they point at goes after it.
      const cleanUp = await prepareFileDeletion(context, file);
      if (!(await context.store.deleteFile(file.id, file.version))) {
        throw new HttpError('CONFLICT', `File "${file.id}" was changed by another request meanwhile; try again`, { id: file.id });
      }
      await cleanUp();
      await deleteContent(context, file, 'deleted');
      res.writeHead(204, { 'x-content-type-options': 'nosniff' });
      res.end();
    },
  };
}
