import type { AnyRouteFamily } from '../families/family.js';
import { defaultFamilies } from '../families/index.js';
import { VERSION } from '../version.js';
import { json } from './openapi-parts.js';

const health = {
  summary: 'Provider and database health',
  tags: ['system'],
  security: [{}],
  responses: {
    200: { description: 'Healthy', content: json({ type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, checks: { type: 'object', properties: { provider: { type: 'string' }, database: { type: 'string' }, bucketProviders: { type: 'object', description: 'Buckets with a provider of their own, by id', additionalProperties: { type: 'string' } } } } } }) },
    503: { description: 'A dependency is failing; `checks` says which' },
  },
};
const yamlDocument = { summary: 'This document, as YAML (Nhost storage’s path)', tags: ['system'], security: [{}], responses: { 200: { description: 'OpenAPI 3.0 document', content: { 'application/yaml': {} } } } };

const systemPaths = {
  '/healthz': { get: health, head: health },
  '/openapi.json': { get: { summary: 'This document, as JSON', tags: ['system'], security: [{}], responses: { 200: { description: 'OpenAPI 3.0 document' } } } },
  '/v1/openapi.yaml': { get: yamlDocument, head: yamlDocument },
} as const;

/** An OpenAPI 3.0 document, as {@link openApiDocumentFor} builds it. */
export interface OpenApiDocument {
  openapi: '3.0.3';
  info: { title: string; version: string; description: string };
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  paths: Record<string, unknown>;
}

/**
 * The OpenAPI 3.0 document of a server speaking `families` (each brings its paths, schemas and tags)
 * and the operations routes. Served at `/openapi.json` and `/v1/openapi.yaml`.
 */
export function openApiDocumentFor(families: readonly AnyRouteFamily[]): OpenApiDocument {
  const parts = families.flatMap((f) => (f.openApi === undefined ? [] : [f.openApi]));
  return {
    openapi: '3.0.3',
    info: { title: 'Stowage files API', version: VERSION, description: `${parts.map((p) => p.title).join(' and ')}, served by @stowage/server.`.replace(/^./, (c) => c.toUpperCase()) },
    // Per-bucket rules decide which calls need which credentials (docs/security.md); `{}` is anonymous.
    security: [{ bearer: [] }, { adminSecret: [] }, { stowageAdminSecret: [] }, {}],
    tags: [...parts.flatMap((p) => p.tags ?? []), { name: 'system', description: 'Health, version and this document' }],
    components: {
      securitySchemes: {
        adminSecret: { type: 'apiKey', in: 'header', name: 'x-hasura-admin-secret' },
        stowageAdminSecret: { type: 'apiKey', in: 'header', name: 'x-stowage-admin-secret' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: Object.assign({}, ...parts.map((p) => p.schemas ?? {})) as Record<string, unknown>,
    },
    paths: { ...Object.assign({}, ...parts.map((p) => p.paths)), ...systemPaths } as Record<string, unknown>,
  };
}

/** The document of a server speaking the default families (Nhost's files API and Strapi's `/upload`). */
export const openApiDocument: OpenApiDocument = openApiDocumentFor(defaultFamilies);
