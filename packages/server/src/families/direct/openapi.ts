import { idParam, json, ref } from '../../routes/openapi-parts.js';
import { nhostSchemas } from '../nhost/openapi.js';

const error = (description: string) => ({ description, headers: { 'X-Error': { schema: { type: 'string' }, description: 'The error message' } }, content: json(ref('ErrorResponse')) });

/** The direct family's schemas; `FileMetadata` and `ErrorResponse` are the files API's own. */
export const directSchemas = {
  FileMetadata: nhostSchemas.FileMetadata,
  ErrorResponse: nhostSchemas.ErrorResponse,
  DirectUploadDeclaration: {
    type: 'object',
    required: ['name', 'size', 'mimeType'],
    properties: {
      bucketId: { type: 'string', default: 'default' },
      name: { type: 'string' },
      size: { type: 'integer', format: 'int64', minimum: 0, description: 'The exact size of the file, in bytes' },
      mimeType: { type: 'string' },
      id: { type: 'string', description: 'A custom id; a UUID when absent' },
      metadata: { type: 'object', nullable: true, additionalProperties: true },
    },
  },
  DirectUpload: {
    type: 'object',
    required: ['id', 'upload', 'expiresAt', 'enforcesMaxSize'],
    properties: {
      id: { type: 'string', description: 'The file id, for POST /v1/files/{id}/complete' },
      upload: {
        type: 'object',
        description: 'What Uppy’s `getUploadParameters` returns: a PUT of the bytes with `headers`, or a multipart/form-data POST with every field of `fields` first and the file last (in `fileField`)',
        required: ['method', 'url', 'headers'],
        properties: {
          method: { type: 'string', enum: ['PUT', 'POST'] },
          url: { type: 'string', format: 'uri' },
          fields: { type: 'object', additionalProperties: { type: 'string' } },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      fileField: { type: 'string', description: 'The form field of the file, for a POST' },
      enforcesMaxSize: { type: 'boolean', description: 'Whether the storage itself refuses a body larger than declared (otherwise completion does)' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  },
} as const;

/** The direct family's paths. */
export const directPaths = {
  '/v1/files/direct': {
    post: {
      summary: 'Declare a direct-to-bucket upload and get a signed upload request',
      tags: ['direct'],
      requestBody: { required: true, content: json(ref('DirectUploadDeclaration')) },
      responses: {
        201: { description: 'Declared; send the file as `upload` says, then complete it', content: json(ref('DirectUpload')) },
        400: error('Bad declaration (name, size below the bucket’s minimum, id, unknown bucket)'),
        401: error('Credentials needed'),
        403: error('Not allowed to upload to the bucket'),
        409: error('The id is taken'),
        413: error('The declared size is over the bucket’s or the server’s limit'),
        415: error('MIME type not allowed in the bucket, or the body is not JSON'),
        501: error('The bucket’s provider cannot sign uploads'),
      },
    },
  },
  '/v1/files/direct/upload/{key}': {
    put: {
      summary: 'The signed upload of a direct upload to provider-local (the `upload.url` a declaration answers; other providers’ URLs point at the bucket)',
      tags: ['direct'],
      security: [{}],
      parameters: [
        { name: 'key', in: 'path', required: true, schema: { type: 'string' }, description: 'The storage key; it may contain `/`' },
        { name: 'expires', in: 'query', required: true, schema: { type: 'integer' }, description: 'Unix time after which the signature is refused' },
        { name: 'signature', in: 'query', required: true, schema: { type: 'string' }, description: 'The signature over method, key, expiry, size limit and MIME type' },
      ],
      requestBody: { required: true, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        200: {
          description: 'Stored; complete the upload with POST /v1/files/{id}/complete',
          content: json({ type: 'object', properties: { key: { type: 'string' }, size: { type: 'integer', format: 'int64' }, etag: { type: 'string' }, sha256: { type: 'string' } } }),
        },
        403: error('Bad, expired or tampered signature, or no pending direct upload for the key'),
        413: error('The body is larger than the declared size'),
      },
    },
  },
  '/v1/files/{id}/complete': {
    post: {
      summary: 'Complete a direct upload: check the stored object against the declaration',
      tags: ['direct'],
      parameters: [idParam],
      responses: {
        200: { description: 'Completed', content: json(ref('FileMetadata')) },
        400: error('The object differs from the declaration (size or MIME type); object and record were deleted'),
        403: error('Only the declaring user may complete it'),
        404: error('No such direct upload'),
        409: error('Already complete, being completed, or nothing uploaded yet'),
      },
    },
  },
};
