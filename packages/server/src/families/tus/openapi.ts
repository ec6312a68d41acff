import { idParam } from '../../routes/openapi-parts.js';

const header = (name: string, description: string, required = false) => ({ name, in: 'header', required, description, schema: { type: 'string' } });
const tusResumable = header('Tus-Resumable', 'The protocol version, `1.0.0`', true);
const text = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });
const refused = {
  400: text('A malformed header or Upload-Metadata key (the message names it)'),
  401: text('No or wrong credentials, where the bucket needs them'),
  403: text('Not allowed (the bucket rule, or another user’s upload)'),
  404: text('No such upload'),
  412: text('Tus-Resumable missing'),
};
const offsetHeaders = { 'Upload-Offset': { schema: { type: 'integer' } }, 'Upload-Expires': { schema: { type: 'string' } } };

/** The tus endpoints in the server's OpenAPI document. */
export const tusPaths = {
  '/v1/files/tus': {
    options: { summary: 'What the tus server supports (Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm)', tags: ['tus'], security: [{}], responses: { 204: { description: 'Capabilities' } } },
    post: {
      summary: 'Create a resumable upload (creation, creation-with-upload, creation-defer-length)',
      description:
        'Upload-Metadata keys (base64 values): `bucketId` (default `default`), `filename`, `contentType`, `id` (a custom file id), `metadata` (a JSON object). ' +
        'The bucket’s rules are checked before a byte is accepted, and the file’s record exists from here on with `isUploaded: false`; its id is the last segment of `Location`.',
      tags: ['tus'],
      parameters: [tusResumable, header('Upload-Length', 'The file’s size in bytes'), header('Upload-Defer-Length', '`1` when the size is not known yet'), header('Upload-Metadata', 'Comma-separated `key base64value` pairs'), header('Upload-Checksum', '`sha1|sha256|md5 <base64>` of a body sent with the creation')],
      responses: { 201: { description: 'Created; `Location` is the upload’s URL', headers: { Location: { schema: { type: 'string' } }, ...offsetHeaders } }, 413: text('Larger than the bucket or server accepts'), 415: text('A MIME type the bucket does not take'), ...refused },
    },
  },
  '/v1/files/tus/{id}': {
    options: { summary: 'What the tus server supports', tags: ['tus'], security: [{}], parameters: [idParam], responses: { 204: { description: 'Capabilities' } } },
    head: { summary: 'The upload’s offset, to resume it', tags: ['tus'], parameters: [idParam, tusResumable], responses: { 200: { description: 'Upload-Offset and Upload-Length', headers: offsetHeaders }, ...refused } },
    patch: {
      summary: 'Append bytes at Upload-Offset',
      description: 'The PATCH that brings the offset to the length stores the file through the bucket’s provider and answers its metadata (as `POST /v1/files` does for one file) as JSON in the `Stowage-File` header.',
      tags: ['tus'],
      parameters: [idParam, tusResumable, header('Upload-Offset', 'Where these bytes go', true), header('Upload-Checksum', '`sha1|sha256|md5 <base64>` of this body'), header('Upload-Length', 'The size, once known (deferred length)')],
      requestBody: { content: { 'application/offset+octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        204: { description: 'Stored up to the new offset', headers: { ...offsetHeaders, 'Stowage-File': { description: 'On the last PATCH: the file’s metadata, JSON', schema: { type: 'string' } } } },
        409: text('Upload-Offset is not the upload’s offset'),
        410: text('The upload expired'),
        413: text('Larger than the bucket or server accepts'),
        460: text('The body does not match Upload-Checksum; the offset is unchanged'),
        ...refused,
      },
    },
    delete: { summary: 'Terminate the upload: its bytes and record go', tags: ['tus'], parameters: [idParam, tusResumable], responses: { 204: { description: 'Terminated' }, ...refused } },
  },
};
