import { supports } from '@stowage/core';
import type { Backend } from '../backends/backends.js';
import type { StowageContext } from '../context.js';
import { sendJson } from '../http/respond.js';
import type { RouteModule } from '../http/router.js';
import { openApiDocumentFor } from './openapi-document.js';

/** Operations routes: `/healthz` (provider check and database), and the OpenAPI document at `/openapi.json` and `/v1/openapi.yaml`. */
export function systemRoutes(context: StowageContext): RouteModule {
  const document = openApiDocumentFor(context.families.map((f) => f.family));
  let yamlText: Promise<string> | undefined;
  // The YAML library is loaded by the first request for the document only.
  const openApiYaml = () => (yamlText ??= import('yaml').then(({ stringify }) => stringify(document, { aliasDuplicateObjects: false })));
  return {
    name: 'system',
    routes: [
      {
        methods: ['GET', 'HEAD'],
        path: '/healthz',
        async handle({ res }) {
          const check = (backend: Backend) => {
            const { provider } = backend;
            const what = backend.id === null ? 'provider' : `buckets.${backend.id}.provider`;
            return supports(provider, 'check') ? provider.check().then(() => 'ok', (e: unknown) => failure(context, what, e)) : Promise.resolve('ok');
          };
          const own = context.backends.all().filter((backend) => backend.id !== null);
          const [provider, database, ...owned] = await Promise.all([
            check(context.backends.server),
            context.store.ping().then(() => 'ok', (e: unknown) => failure(context, 'database', e)),
            ...own.map(check),
          ]);
          const ok = provider === 'ok' && database === 'ok' && owned.every((status) => status === 'ok');
          const bucketProviders = Object.fromEntries(own.map((backend, i) => [backend.id, owned[i]]));
          sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks: { provider, database, ...(own.length === 0 ? {} : { bucketProviders }) } });
        },
      },
      {
        methods: ['GET'],
        path: '/openapi.json',
        async handle({ res }) {
          sendJson(res, 200, document, { 'cache-control': 'public, max-age=300' });
        },
      },
      {
        methods: ['GET', 'HEAD'],
        path: '/v1/openapi.yaml',
        async handle({ req, res }) {
          const body = await openApiYaml();
          res.writeHead(200, { 'content-type': 'application/yaml; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'public, max-age=300' });
          res.end(req.method === 'HEAD' ? undefined : body);
        },
      },
    ],
  };
}

function failure(context: StowageContext, what: string, error: unknown): string {
  context.logger.warn({ err: error }, `health check: ${what} failed`);
  return 'failing';
}
