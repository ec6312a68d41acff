import type { StowageContext } from '../context.js';
import { createSignedRequestHandler, type LocalProvider } from '@stowage/provider-upload-local';
import type { RouteModule } from '../http/router.js';

/** The signing options provider-local was configured with, if any. */
export function localSigning(context: StowageContext): { baseUrl: string } | undefined {
  if (context.provider.name !== 'local') return undefined;
  const options = context.config.providerOptions as { signing?: { baseUrl?: unknown } } | undefined;
  const baseUrl = options?.signing?.baseUrl;
  return typeof baseUrl === 'string' ? { baseUrl } : undefined;
}

/**
 * When provider-local is configured with `signing`, its own signed URLs are the presigned URLs, and
 * this route serves them (GET and HEAD only: signed uploads would bypass the file records) with
 * provider-local's signed-request handler, at the path of `signing.baseUrl`.
 */
export function localSignedRoutes(context: StowageContext, basePath: string): RouteModule {
  const signing = localSigning(context);
  if (signing === undefined) return { name: 'local-signed', routes: [] };
  const handler = createSignedRequestHandler(context.provider as LocalProvider);
  const full = new URL(signing.baseUrl).pathname.replace(/\/+$/, '');
  const path = basePath !== '' && full.startsWith(`${basePath}/`) ? full.slice(basePath.length) : full;
  return {
    name: 'local-signed',
    routes: [
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
    ],
  };
}
