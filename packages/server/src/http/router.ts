import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorShape } from './error-shape.js';

/** What a route handler receives. */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  /** The query string. */
  query: URLSearchParams;
  /** The request path (without the mount prefix and query). */
  path: string;
  /** Where the handler is mounted (`''` at the root, `/storage` under a prefix), for absolute links. */
  mountPath: string;
}

/** One route: methods, a path pattern with `:name` segments, and the handler. */
export interface Route {
  methods: readonly string[];
  /** `/v1/files/:id/presignedurl`; a trailing `/*` matches any rest (as the `rest` parameter). */
  path: string;
  handle(request: RouteRequest): Promise<void>;
}

/**
 * A group of routes the handler mounts: the routes of a route family (the Nhost files API, Strapi's
 * `/upload` API; see families/family.ts) or the server's own (operations, provider-local's signed URLs).
 */
export interface RouteModule {
  /** For logs. */
  name: string;
  routes: readonly Route[];
  /** How errors of these routes are answered. @default plainErrorShape (`{ error: { message, data } }`) */
  errorShape?: ErrorShape;
}

interface Compiled {
  route: Route;
  module: RouteModule;
  pattern: RegExp;
  names: string[];
}

/** Finds the route for a method and path; answers `405` facts when the path matches with another method. */
export class Router {
  readonly #compiled: Compiled[] = [];

  add(module: RouteModule): this {
    for (const route of module.routes) {
      const names: string[] = [];
      // A trailing `/*` matches any rest of the path, as the `rest` parameter.
      const wildcard = route.path.endsWith('/*');
      const base = wildcard ? route.path.slice(0, -2) : route.path;
      const source = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-zA-Z]+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      if (wildcard) names.push('rest');
      this.#compiled.push({ route, module, pattern: new RegExp(wildcard ? `^${source}/(.+)$` : `^${source}/?$`), names });
    }
    return this;
  }

  /** The matching route, its module and parameters, `{ allowed }` for a path known under other methods, or undefined. */
  match(method: string, path: string): { route: Route; module: RouteModule; params: Record<string, string> } | { allowed: string[] } | undefined {
    const allowed = new Set<string>();
    for (const { route, module, pattern, names } of this.#compiled) {
      const found = pattern.exec(path);
      if (found === null) continue;
      if (!route.methods.includes(method)) {
        route.methods.forEach((m) => allowed.add(m));
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = safeDecode(found[i + 1] ?? '')));
      return { route, module, params };
    }
    return allowed.size > 0 ? { allowed: [...allowed] } : undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
