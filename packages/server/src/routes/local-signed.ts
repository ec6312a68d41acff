import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSignedRequestHandler, verifySignedRequest, type LocalProvider, type SignedRequestHandler, type SigningOptions } from '@stowage/provider-upload-local';
import type { Backend } from '../backends/backends.js';
import type { StowageContext } from '../context.js';
import { HttpError } from '../http/http-status.js';
import type { Route, RouteModule } from '../http/router.js';

/** The signing options a provider-local backend was configured with, if any. */
export function localSigning(backend: Backend): { baseUrl: string } | undefined {
  if (backend.provider.name !== 'local') return undefined;
  const options = backend.options as { signing?: { baseUrl?: unknown } } | undefined;
  const baseUrl = options?.signing?.baseUrl;
  return typeof baseUrl === 'string' ? { baseUrl } : undefined;
}

/**
 * Whether a route family claims a signed upload to `key` on `backend` (a pending direct upload). Only
 * those are stored: any other signed PUT would write bytes no record accounts for.
 */
export async function signedUploadClaimed(context: StowageContext, backend: string | null, key: string): Promise<boolean> {
  for (const { hooks } of context.families) {
    if ((await hooks.acceptsSignedUpload?.(backend, key)) === true) return true;
  }
  return false;
}

/**
 * provider-local's signed-request handler, with uploads gated by {@link signedUploadClaimed}. A PUT whose
 * signature does not verify goes to the handler, which refuses it in its own words; one that verifies
 * for a key no family claims is refused here.
 */
export function gatedSignedHandler(context: StowageContext, backend: Backend, signing?: SigningOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handler: SignedRequestHandler = createSignedRequestHandler(backend.provider as LocalProvider, signing === undefined ? {} : { signing });
  const verifyWith = signing ?? (backend.options as { signing: SigningOptions }).signing;
  return async (req, res) => {
    if (req.method === 'PUT') {
      let key: string | undefined;
      try {
        key = verifySignedRequest({ method: 'PUT', url: req.url ?? '/' }, verifyWith).key;
      } catch {
        // The handler verifies again and answers the refusal.
      }
      if (key !== undefined && !(await signedUploadClaimed(context, backend.id, key))) {
        throw new HttpError('ACCESS_DENIED', 'This signed upload is not for a pending direct upload (POST /v1/files/direct), or it was completed already');
      }
    }
    await handler(req, res);
  };
}

/**
 * When a provider-local backend (server-wide or a bucket's own) is configured with `signing`, its own
 * signed URLs are the presigned URLs, and this serves them with provider-local's signed-request handler,
 * at the path of `signing.baseUrl`: GET and HEAD, and PUT for the uploads a route family claims (see
 * {@link signedUploadClaimed}).
 */
export function localSignedRoutes(context: StowageContext, basePath: string): RouteModule {
  const routes = context.backends.all().flatMap((backend): Route[] => {
    const signing = localSigning(backend);
    if (signing === undefined) return [];
    const handler = gatedSignedHandler(context, backend);
    const full = new URL(signing.baseUrl).pathname.replace(/\/+$/, '');
    const path = basePath !== '' && full.startsWith(`${basePath}/`) ? full.slice(basePath.length) : full;
    return [
      {
        methods: ['GET', 'HEAD', 'PUT'],
        path: `${path}/*`,
        async handle({ req, res, path: routed, query }) {
          // The verifier checks the whole public path, which the mount may have shortened.
          const search = query.toString();
          req.url = `${full}${routed.slice(path.length)}${search === '' ? '' : `?${search}`}`;
          await handler(req, res);
        },
      },
    ];
  });
  return { name: 'local-signed', routes };
}
