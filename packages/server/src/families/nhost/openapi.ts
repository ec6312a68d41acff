import { idParam, json, ref } from '../../routes/openapi-parts.js';

const error = (description: string) => ({ description, content: json(ref('ErrorResponse')) });
const conditionalHeaders = ['If-Match', 'If-None-Match', 'If-Modified-Since', 'If-Unmodified-Since', 'Range', 'If-Range'].map((name) => ({ name, in: 'header', required: false, schema: { type: 'string' } }));
const fileHeaders = Object.fromEntries(
  ['Content-Type', 'Content-Length', 'Content-Disposition', 'Content-Range', 'ETag', 'Last-Modified', 'Cache-Control', 'Accept-Ranges', 'X-Content-Type-Options'].map((h) => [h, { schema: { type: 'string' } }]),
);
/** Nhost's image transform parameters (images/transform-params.ts). */
const transformParams = [
  { name: 'w', in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'Maximum width in pixels, keeping the aspect ratio (at most the bucket’s images.maxWidth; 0: not asked)' },
  { name: 'h', in: 'query', schema: { type: 'integer', minimum: 0 }, description: 'Maximum height in pixels, keeping the aspect ratio (at most the bucket’s images.maxHeight; 0: not asked)' },
  { name: 'q', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 }, description: 'Quality for JPEG, WebP and AVIF' },
  { name: 'b', in: 'query', schema: { type: 'number', minimum: 0, maximum: 1000 }, description: 'Gaussian blur sigma, 0.3-1000 (0: none)' },
  { name: 'f', in: 'query', schema: { type: 'string', enum: ['auto', 'same', 'jpeg', 'webp', 'png', 'avif'] }, description: 'Output format; auto picks AVIF, then WebP, from Accept (answered with Vary: Accept)' },
];
const transformErrors = {
  400: error('An invalid transform parameter (named in the message), or a transform of a non-image'),
  403: error('Image transforms are disabled for the bucket'),
  413: error('The image has more pixels than the bucket’s images.maxInputPixels'),
  415: error('The image cannot be decoded (or is an SVG the bucket does not rasterize)'),
  503: error('Transforms are busy; retry after Retry-After seconds'),
};
const download = {
  parameters: [idParam, ...conditionalHeaders, ...transformParams],
  responses: {
    200: { description: 'The file', headers: fileHeaders, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
    206: { description: 'One byte range of the file', headers: fileHeaders },
    304: { description: 'Not modified (If-None-Match / If-Modified-Since)' },
    404: error('No such file'),
    412: { description: 'Precondition failed (If-Match / If-Unmodified-Since)' },
    416: error('Range not satisfiable'),
    ...transformErrors,
  },
};
const signedDownload = {
  summary: 'Download through a server-signed link',
  tags: ['files'],
  ...download,
  security: [{}],
  parameters: [idParam, { name: 'expires', in: 'query', required: true, schema: { type: 'integer' } }, { name: 'signature', in: 'query', required: true, schema: { type: 'string' } }, ...transformParams],
};
const summaries = { description: 'Records', content: json({ type: 'object', properties: { metadata: { type: 'array', items: ref('FileSummary') } } }) };
const keys = { description: 'Storage keys', content: json({ type: 'object', properties: { files: { type: 'array', items: { type: 'string' } } } }) };
const admin = (summary: string, response: object) => ({ post: { summary, tags: ['ops'], security: [{ adminSecret: [] }], responses: { 200: response, 401: error('Wrong admin secret'), 403: error('Admin endpoints disabled') } } });

/** The schemas of the Nhost files API, following Nhost storage's OpenAPI document. */
export const nhostSchemas = {
  FileMetadata: {
    type: 'object',
    required: ['id', 'name', 'size', 'bucketId', 'etag', 'createdAt', 'updatedAt', 'isUploaded', 'mimeType'],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      size: { type: 'integer', format: 'int64' },
      bucketId: { type: 'string' },
      etag: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      isUploaded: { type: 'boolean' },
      mimeType: { type: 'string' },
      uploadedByUserId: { type: 'string', nullable: true },
      metadata: { type: 'object', nullable: true, additionalProperties: true },
    },
  },
  FileSummary: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, bucketId: { type: 'string' }, isUploaded: { type: 'boolean' } } },
  UploadFileMetadata: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, metadata: { type: 'object', additionalProperties: true } } },
  UpdateFileMetadata: { type: 'object', properties: { name: { type: 'string' }, metadata: { type: 'object', additionalProperties: true } } },
  ErrorResponse: { type: 'object', properties: { error: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, data: { type: 'object', additionalProperties: true } } } } },
  ErrorResponseWithProcessedFiles: {
    type: 'object',
    properties: { processedFiles: { type: 'array', items: ref('FileMetadata') }, error: { type: 'object', properties: { message: { type: 'string' }, data: { type: 'object' } } } },
  },
} as const;

/** The paths of the Nhost files API under `/v1`. */
export const nhostPaths = {
  '/v1/files': {
    post: {
      summary: 'Upload files',
      tags: ['files'],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file[]'],
              properties: {
                'bucket-id': { type: 'string', default: 'default' },
                'metadata[]': { type: 'array', items: ref('UploadFileMetadata'), description: 'For every file or for none, in the order of file[]' },
                'file[]': { type: 'array', items: { type: 'string', format: 'binary' } },
              },
            },
          },
        },
      },
      responses: {
        201: { description: 'Stored', content: json({ type: 'object', properties: { processedFiles: { type: 'array', items: ref('FileMetadata') } } }) },
        400: { description: 'Bad request', content: json(ref('ErrorResponseWithProcessedFiles')) },
        413: { description: 'A file or field is too large', content: json(ref('ErrorResponseWithProcessedFiles')) },
        415: { description: 'MIME type not allowed', content: json(ref('ErrorResponseWithProcessedFiles')) },
      },
    },
  },
  '/v1/files/{id}': {
    get: { summary: 'Download a file', tags: ['files'], ...download },
    head: { summary: 'A file’s headers', tags: ['files'], ...download },
    put: {
      summary: 'Replace a file’s content and/or metadata',
      tags: ['files'],
      parameters: [idParam],
      requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { metadata: ref('UpdateFileMetadata'), file: { type: 'string', format: 'binary' } } } } } },
      responses: { 200: { description: 'Replaced', content: json(ref('FileMetadata')) }, 404: error('No such file'), 409: error('Changed by another request meanwhile') },
    },
    delete: { summary: 'Delete a file', tags: ['files'], parameters: [idParam], responses: { 204: { description: 'Deleted' }, 404: error('No such file') } },
  },
  '/v1/files/{id}/presignedurl': {
    get: {
      summary: 'A URL that downloads the file without credentials (with transform parameters: a server-signed link to that variant, the parameters covered by its signature)',
      tags: ['files'],
      parameters: [idParam, ...transformParams],
      responses: {
        200: { description: 'The URL', content: json({ type: 'object', required: ['url', 'expiration'], properties: { url: { type: 'string' }, expiration: { type: 'integer', description: 'Seconds until it expires' } } }) },
        403: error('Presigned URLs are disabled for the bucket'),
        404: error('No such file'),
      },
    },
  },
  '/v1/files/{id}/presignedurl/contents': { get: signedDownload, head: signedDownload },
  '/v1/ops/list-orphans': admin('Objects no record points at', keys),
  '/v1/ops/delete-orphans': admin('Delete objects no record points at', keys),
  '/v1/ops/list-broken-metadata': admin('Records whose bytes are missing', summaries),
  '/v1/ops/delete-broken-metadata': admin('Delete records whose bytes are missing', summaries),
  '/v1/ops/list-not-uploaded': admin('Records whose upload never completed', summaries),
  '/v1/ops/delete-not-uploaded': admin('Delete records whose upload never completed', summaries),
  '/v1/version': {
    get: {
      summary: 'The server’s version (the installed @stowage/server package)',
      tags: ['system'],
      responses: { 200: { description: 'Version', content: json({ type: 'object', required: ['buildVersion'], properties: { buildVersion: { type: 'string', example: '0.1.0' } } }) } },
    },
  },
} as const;
