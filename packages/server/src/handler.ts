import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeBackends } from './backends/create-backends.js';
import type { StowageContext } from './context.js';
import { createContext, type StowageOptions } from './create-context.js';
import { plainErrorShape } from './http/error-shape.js';
import { HttpError } from './http/http-status.js';
import { sendError } from './http/send-error.js';
import { Router, type RouteModule } from './http/router.js';
import { localSignedRoutes } from './routes/local-signed.js';
import { systemRoutes } from './routes/system.js';

/** Options of {@link createStowageHandler}. */
export interface StowageHandlerOptions extends StowageOptions {
  /**
   * A path prefix to strip before routing, for frameworks that do not strip their mount path
   * (Fastify, Koa, plain `http`). Express's `app.use(prefix, handler)` strips it already.
   * @default ''
   */
  basePath?: string;
  /** The route modules to mount, for tests and tools; to choose APIs, use `families`. @default {@link defaultRoutes} */
  routes?: (context: StowageContext, mount: { basePath: string }) => RouteModule[];
}

/**
 * A Node request handler: `(req, res, next?)`. Mount it in plain `http`, Express (`app.use`), Fastify
 * or Koa. With `next` (Express), unknown paths go on to the next middleware; without, they get a 404.
 */
export interface StowageHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  readonly context: StowageContext;
  /** Requests being answered right now. */
  readonly inFlight: number;
  /**
   * Graceful stop: new requests get 503, and it resolves once those in flight have finished (uploads
   * included) or `timeoutMs` has passed; then it closes the store and the provider.
   */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * What the handler mounts by default: the operations routes, the routes of every route family the
 * context was composed with (`families`; by default Nhost's files API and Strapi's `/upload` API), and
 * provider-local's signed URLs.
 */
export function defaultRoutes(context: StowageContext, mount: { basePath: string } = { basePath: '' }): RouteModule[] {
  return [systemRoutes(context), ...context.families.map((f) => f.module), localSignedRoutes(context, mount.basePath)];
}

/**
 * Builds the framework-agnostic handler: validates the configuration, creates and checks the
 * provider, opens and migrates the store.
 */
export async function createStowageHandler(options: StowageHandlerOptions = {}): Promise<StowageHandler> {
  const context = await createContext(options);
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const router = new Router();
  for (const module of (options.routes ?? defaultRoutes)(context, { basePath })) router.add(module);
  let inFlight = 0;
  let closing = false;
  const idle: (() => void)[] = [];

  const handler = ((req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => {
    const started = process.hrtime.bigint();
    // Only a path is expected; `//host/…` or a full URL must not turn into another origin's path.
    const raw = req.url ?? '/';
    const target = `http://stowage.invalid${raw.startsWith('/') ? raw : `/${raw}`}`;
    const url = URL.canParse(target) ? new URL(target) : undefined;
    // Answers no family owns take the server's own shape.
    const refuse = (error: HttpError) => sendError(error, { req, res, shape: plainErrorShape, logger: context.logger });
    if (url === undefined) {
      refuse(new HttpError('INVALID_INPUT', 'Invalid request target'));
      return;
    }
    let path = url.pathname;
    let mountPath = mountPrefix(req);
    if (basePath !== '' && (path === basePath || path.startsWith(`${basePath}/`))) {
      path = path.slice(basePath.length) || '/';
      mountPath += basePath;
    }
    const method = req.method ?? 'GET';
    const found = router.match(method, path);
    if (found === undefined && next !== undefined) {
      next();
      return;
    }
    if (closing) {
      refuse(new HttpError('UNAVAILABLE', 'The server is shutting down', undefined, { headers: { connection: 'close', 'retry-after': '5' } }));
      return;
    }
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: query strings may carry signatures.
      context.logger.info({ method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, aborted: !res.writableFinished }, 'request');
      if (inFlight === 0) idle.splice(0).forEach((resolve) => resolve());
    });
    if (found === undefined) {
      refuse(new HttpError('NOT_FOUND', `No route for ${method} ${path}`));
      return;
    }
    if ('allowed' in found) {
      refuse(new HttpError('METHOD_NOT_ALLOWED', `Method ${method} is not allowed on ${path}; use ${found.allowed.join(', ')}`, undefined, { headers: { allow: found.allowed.join(', ') } }));
      return;
    }
    const { route, module, params } = found;
    route.handle({ req, res, params, query: url.searchParams, path, mountPath }).catch((error: unknown) => {
      sendError(error, { req, res, shape: module.errorShape ?? plainErrorShape, logger: context.logger, log: { method, path, family: module.name } });
    });
  }) as StowageHandler;

  Object.defineProperty(handler, 'context', { value: context });
  Object.defineProperty(handler, 'inFlight', { get: () => inFlight });
  Object.defineProperty(handler, 'close', {
    value: async (timeoutMs = context.config.shutdownTimeout) => {
      if (closing) return;
      closing = true;
      if (inFlight > 0) {
        context.logger.info({ inFlight }, 'waiting for requests in flight');
        await Promise.race([new Promise<void>((resolve) => idle.push(resolve)), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      }
      for (const mounted of context.families) await mounted.close().catch((error: unknown) => context.logger.error({ err: error, family: mounted.family.name }, 'closing a route family failed'));
      await context.store.close().catch((error: unknown) => context.logger.error({ err: error }, 'closing the store failed'));
      await closeBackends(context.backends);
      context.logger.info('stowage stopped');
    },
  });
  return handler;
}

// Express strips its mount path from `req.url` and keeps the full one in `originalUrl`.
function mountPrefix(req: IncomingMessage): string {
  const original = (req as { originalUrl?: unknown }).originalUrl;
  const url = req.url ?? '/';
  if (typeof original !== 'string' || original === url) return '';
  const originalPath = original.split('?')[0] ?? '';
  const path = url.split('?')[0] ?? '';
  return originalPath.endsWith(path) ? originalPath.slice(0, originalPath.length - path.length).replace(/\/+$/, '') : '';
}
