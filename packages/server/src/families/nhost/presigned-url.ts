import { supports } from '@stowage/core';
import { authorizeRequest } from '../../auth/access.js';
import type { StowageContext } from '../../context.js';
import { contentDisposition, serveFile } from '../../files/serve-file.js';
import { HttpError } from '../../http/http-status.js';
import { publicBaseUrl } from '../../http/public-url.js';
import { sendJson } from '../../http/respond.js';
import type { Route } from '../../http/router.js';
import { localSigning } from '../../routes/local-signed.js';
import { loadFile } from './load-file.js';

/**
 * `GET /v1/files/{id}/presignedurl`: `{ url, expiration }` for buckets that allow it. The URL is the
 * provider's own signed URL when it can sign (S3, GCS, Azure), or else a link signed by this server
 * and served by {@link presignedContentsRoute}. With image parameters (`?w=800&f=webp`) the link is always
 * the server's, and its signature covers them: a changed `w` is refused.
 */
export function presignedUrlRoute(context: StowageContext): Route {
  return {
    methods: ['GET'],
    path: '/v1/files/:id/presignedurl',
    async handle({ req, res, params, query, mountPath }) {
      const { file, bucket } = await loadFile(context, params.id ?? '');
      // A presigned URL is a read grant: only those who may read may hand one out.
      await authorizeRequest(context, req, 'read', bucket.id, file);
      if (!bucket.presignedUrlsEnabled) throw new HttpError('ACCESS_DENIED', `Presigned URLs are disabled for bucket "${bucket.id}"`, { bucketId: bucket.id });
      const expiration = bucket.downloadExpiration;
      let url: string;
      // provider-local signs only when configured to, and its URLs need its handler mounted (see local-signed.ts).
      const backend = context.backends.get(file.backend);
      const { provider } = backend;
      const transform = context.images.linkTransform(context, bucket, query);
      const providerSigns = transform === '' && supports(provider, 'signedUrl') && (provider.name !== 'local' || localSigning(backend) !== undefined);
      if (providerSigns && supports(provider, 'signedUrl')) {
        url = (await provider.signedUrl(file.storageKey, { expiresIn: expiration, contentDisposition: contentDisposition(file.name, file.mimeType) })).url;
      } else {
        const expires = Math.floor(Date.now() / 1000) + expiration;
        const grant = context.signer.sign(file.id, file.storageKey, expires, transform);
        url = `${publicBaseUrl(context, req)}${mountPath}/v1/files/${encodeURIComponent(file.id)}/presignedurl/contents?${transform === '' ? '' : `${transform}&`}${grant}`;
      }
      sendJson(res, 200, { url, expiration });
    },
  };
}

/** `GET`/`HEAD /v1/files/{id}/presignedurl/contents?expires=…&signature=…`: a server-signed link (of a variant, when it carries image parameters). */
export function presignedContentsRoute(context: StowageContext): Route {
  return {
    methods: ['GET', 'HEAD'],
    path: '/v1/files/:id/presignedurl/contents',
    async handle({ req, res, params, query }) {
      const { file, bucket } = await loadFile(context, params.id ?? '');
      const verdict = context.signer.verify(file.id, file.storageKey, query, Date.now(), context.images.linkTransform(context, bucket, query));
      if (verdict !== 'ok') throw new HttpError(verdict === 'expired' ? 'EXPIRED_SIGNATURE' : 'INVALID_SIGNATURE', verdict === 'expired' ? 'The presigned URL has expired' : 'The presigned URL is invalid');
      const answer = await context.images.answer(context, file, bucket, query, req.headers.accept);
      await serveFile(context, req, res, file, bucket, req.method === 'HEAD' ? 'HEAD' : 'GET', answer);
    },
  };
}
