import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { expiryFrom, signedUrlFor, type SigningOptions } from '@stowage/provider-upload-local';
import type { SignedUpload } from '@stowage/core';
import type { Backend } from '../../backends/backends.js';
import type { StowageContext } from '../../context.js';
import { publicBaseUrl } from '../../http/public-url.js';
import type { Route } from '../../http/router.js';
import { gatedSignedHandler, localSigning } from '../../routes/local-signed.js';

/** Where the server serves the signed uploads it signs for provider-local backends without `signing`. */
export const LOCAL_UPLOAD_PATH = '/v1/files/direct/upload';

// The host is a placeholder: provider-local's signature covers the key and the grant, not the origin, so
// each answer swaps in the origin the client reached the server at.
const PLACEHOLDER_ORIGIN = 'http://stowage.invalid';

/**
 * Signing for provider-local backends configured without `signing` (the embedded default): a key
 * derived from the server's `signingSecret` (or random, like the server's own links, when there is
 * none), and this server's own path. Only signed uploads use it: presigned downloads are unchanged.
 */
export function derivedLocalSigning(context: StowageContext): SigningOptions {
  const root = context.config.signingSecret ?? randomBytes(32).toString('hex');
  // A key of its own, so a direct-upload signature can never pass for one of the server's links.
  const secret = createHmac('sha256', root).update('stowage-direct-local-upload-v1').digest('hex');
  return { secret, baseUrl: `${PLACEHOLDER_ORIGIN}${LOCAL_UPLOAD_PATH}` };
}

/** Whether `backend` is provider-local without signing of its own, so the server signs its uploads. */
export function serverSignsFor(backend: Backend): boolean {
  return backend.provider.name === 'local' && localSigning(backend) === undefined;
}

/**
 * A signed PUT for `key`, as provider-local's `signedUpload` would answer it, signed with `signing` and
 * pointing at this server as the client reached it.
 */
export function signLocalUpload(req: IncomingMessage, mountPath: string, context: StowageContext, signing: SigningOptions, key: string, options: { maxSize: number; contentType: string; expiresIn: number }): SignedUpload {
  const expires = expiryFrom(options.expiresIn);
  const signed = signedUrlFor({ method: 'PUT', key, expires, maxSize: options.maxSize, contentType: options.contentType }, signing);
  return {
    method: 'PUT',
    url: `${publicBaseUrl(context, req)}${mountPath}${signed.slice(PLACEHOLDER_ORIGIN.length)}`,
    headers: { 'content-type': options.contentType },
    fields: {},
    enforcesMaxSize: true,
    expiresAt: new Date(expires * 1000),
  };
}

/**
 * `PUT /v1/files/direct/upload/<key>?…&signature=…`: the uploads {@link signLocalUpload} signed, stored
 * by provider-local's handler on the backend the pending upload names (and only for pending uploads).
 */
export function localUploadRoute(context: StowageContext, signing: SigningOptions, backendOf: (key: string) => Promise<Backend | undefined>): Route | undefined {
  const handlers = new Map<string | null, ReturnType<typeof gatedSignedHandler>>();
  for (const backend of context.backends.all()) if (serverSignsFor(backend)) handlers.set(backend.id, gatedSignedHandler(context, backend, signing));
  const [first] = handlers.values();
  if (first === undefined) return undefined;
  return {
    methods: ['PUT'],
    path: `${LOCAL_UPLOAD_PATH}/*`,
    async handle({ req, res, params, path, query }) {
      // The verifier reads the raw path (the router decoded `rest`); a mount prefix is not part of it.
      const search = query.toString();
      req.url = `${path}${search === '' ? '' : `?${search}`}`;
      const backend = await backendOf(params.rest ?? '');
      // Without a pending upload any handler will do: it checks the signature, then the gate refuses the key.
      await ((backend === undefined ? undefined : handlers.get(backend.id)) ?? first)(req, res);
    },
  };
}
