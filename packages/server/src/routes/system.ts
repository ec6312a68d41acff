import { supports } from '@stowage/core';
import type { StowageContext } from '../context.js';
import { sendJson } from '../http/respond.js';
import type { RouteModule } from '../http/router.js';
import { openApiDocument } from './openapi-document.js';

/** Operations routes: `/healthz` (provider check and database) and `/openapi.json`. */
export function systemRoutes(context: StowageContext): RouteModule {
  return {
    name: 'system',
    routes: [
      {
        methods: ['GET', 'HEAD'],
        path: '/healthz',
        async handle({ res }) {
          const [provider, database] = await Promise.all([
            supports(context.provider, 'check') ? context.provider.check().then(() => 'ok', (e: unknown) => failure(context, 'provider', e)) : Promise.resolve('ok'),
            context.store.ping().then(() => 'ok', (e: unknown) => failure(context, 'database', e)),
          ]);
          const ok = provider === 'ok' && database === 'ok';
          sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks: { provider, database } });
        },
      },
      {
        methods: ['GET'],
        path: '/openapi.json',
        async handle({ res }) {
          sendJson(res, 200, openApiDocument, { 'cache-control': 'public, max-age=300' });
        },
      },
    ],
  };
}

function failure(context: StowageContext, what: string, error: unknown): string {
  context.logger.warn({ err: error }, `health check: ${what} failed`);
  return 'failing';
}
