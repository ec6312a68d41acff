import { createSignedRequestHandler, type LocalProvider } from '@stowage/provider-upload-local';
import type { Backend } from '../backends/backends.js';
import type { StowageContext } from '../context.js';
import type { Route, RouteModule } from '../http/router.js';

/** The signing options a provider-local backend was configured with, if any. */
export function localSigning(backend: Backend): { baseUrl: string } | undefined {
  if (backend.provider.name !== 'local') return undefined;
  const options = backend.options as { signing?: { baseUrl?: unknown } } | undefined;
  const baseUrl = options?.signing?.baseUrl;
  return typeof baseUrl === 'string' ? { baseUrl } : undefined;
}

/**
 * When a provider-local backend (server-wide or a bucket's own) is configured with `signing`, its own
 * signed URLs are the presigned URLs, and this serves them (GET and HEAD only: signed uploads would
 * bypass the file records) with provider-local's signed-request handler, at the path of `signing.baseUrl`.
 */
export function localSignedRoutes(context: StowageContext, basePath: string): RouteModule {
  const routes = context.backends.all().flatMap((backend): Route[] => {
    const signing = localSigning(backend);
    if (signing === undefined) return [];
    const handler = createSignedRequestHandler(backend.provider as LocalProvider);
    const full = new URL(signing.baseUrl).pathname.replace(/\/+$/, '');
    const path = basePath !== '' && full.startsWith(`${basePath}/`) ? full.slice(basePath.length) : full;
    return [
      {
        methods: ['GET', 'HEAD'],
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
