import { json, ref } from '../../routes/openapi-parts.js';

const error = (description: string) => ({ description, content: json(ref('StrapiError')) });
const strapiId = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'The Strapi file id' };
const oneFile = { description: 'The file', content: json(ref('StrapiFile')) };
const files = (description: string) => ({ description, content: json({ type: 'array', items: ref('StrapiFile') }) });
const textField = { type: 'string', maxLength: 255 };

/** The schemas of Strapi's Upload plugin API: its file object and its error body. */
export const strapiSchemas = {
  StrapiFormat: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      hash: { type: 'string' },
      ext: { type: 'string' },
      mime: { type: 'string' },
      width: { type: 'integer' },
      height: { type: 'integer' },
      size: { type: 'number', description: 'Kilobytes (of 1000 bytes)' },
      sizeInBytes: { type: 'integer' },
      path: { type: 'string', nullable: true },
      url: { type: 'string' },
    },
  },
  StrapiFile: {
    type: 'object',
    required: ['id', 'documentId', 'name', 'hash', 'ext', 'mime', 'size', 'url', 'provider', 'folderPath', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'integer' },
      documentId: { type: 'string' },
      name: { type: 'string' },
      alternativeText: { type: 'string', nullable: true },
      caption: { type: 'string', nullable: true },
      width: { type: 'integer', nullable: true },
      height: { type: 'integer', nullable: true },
      formats: { type: 'object', nullable: true, additionalProperties: ref('StrapiFormat'), description: 'thumbnail, small, medium, large for images' },
      hash: { type: 'string' },
      ext: { type: 'string' },
      mime: { type: 'string' },
      size: { type: 'number', description: 'Kilobytes (of 1000 bytes), two decimals' },
      url: { type: 'string', description: 'Where the bytes are downloaded: the files API’s GET /v1/files/{id}' },
      previewUrl: { type: 'string', nullable: true },
      provider: { type: 'string' },
      provider_metadata: { type: 'object', nullable: true, additionalProperties: true },
      folderPath: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      related: { type: 'array', items: { type: 'object', properties: { ref: { type: 'string' }, refId: { type: 'string' }, field: { type: 'string' } } } },
    },
  },
  StrapiFileInfo: { type: 'object', properties: { name: textField, alternativeText: { ...textField, nullable: true }, caption: { ...textField, nullable: true } } },
  StrapiError: {
    type: 'object',
    required: ['data', 'error'],
    properties: {
      data: { nullable: true, enum: [null] },
      error: {
        type: 'object',
        required: ['status', 'name', 'message'],
        properties: { status: { type: 'integer' }, name: { type: 'string', example: 'ValidationError' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: true } },
      },
    },
  },
} as const;

const uploadForm = {
  type: 'object',
  properties: {
    files: { oneOf: [{ type: 'string', format: 'binary' }, { type: 'array', items: { type: 'string', format: 'binary' } }] },
    fileInfo: { type: 'string', description: 'JSON: one StrapiFileInfo, or an array of them (one per file)' },
    path: { type: 'string', description: 'A folder such as "avatars/2024"; must come before the files' },
    ref: { type: 'string', description: 'With refId and field: the entry the files are linked to' },
    refId: { type: 'string' },
    field: { type: 'string' },
    source: { type: 'string' },
  },
};

function strapiPathsUnder(base: string) {
  return {
    [base]: {
      post: {
        summary: 'Upload files (Strapi); with ?id=, replace that file’s bytes or update its fileInfo',
        tags: ['strapi'],
        parameters: [{ name: 'id', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description: 'The file to replace or update' }],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': { schema: uploadForm },
            'application/json': { schema: { type: 'object', description: 'With ?id=: update the fileInfo only', properties: { fileInfo: ref('StrapiFileInfo') } } },
          },
        },
        responses: {
          200: oneFile,
          201: files('Stored, in the order of the form'),
          400: error('Bad request: the message names the field'),
          401: error('Bad credentials'),
          403: error('Not allowed by the bucket’s rules'),
          404: error('No such file (with ?id=)'),
          409: error('Changed by another request meanwhile (with ?id=)'),
          413: error('A file or field is too large'),
          415: error('MIME type not allowed'),
        },
      },
    },
    [`${base}/files`]: {
      get: {
        summary: 'List files (Strapi): filters, sort, pagination in qs brackets',
        tags: ['strapi'],
        parameters: ['filters', 'sort', 'pagination', 'start', 'limit'].map((name) => ({ name, in: 'query', required: false, style: 'deepObject', schema: { type: 'object' } })),
        responses: { 200: files('The files'), 400: error('Invalid query: the message names the parameter') },
      },
    },
    [`${base}/files/{id}`]: {
      get: { summary: 'A file (Strapi)', tags: ['strapi'], parameters: [strapiId], responses: { 200: oneFile, 404: error('No such file') } },
      delete: { summary: 'Delete a file, its formats and its bytes (Strapi)', tags: ['strapi'], parameters: [strapiId], responses: { 200: oneFile, 404: error('No such file') } },
    },
  };
}

/** The paths of Strapi's Upload plugin API, under `/upload` and Strapi's content API prefix `/api/upload`. */
export const strapiPaths = { ...strapiPathsUnder('/upload'), ...strapiPathsUnder('/api/upload') };
