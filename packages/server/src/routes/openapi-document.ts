import { nhostPaths, nhostSchemas } from './nhost/openapi.js';
import { json } from './openapi-parts.js';
import { strapiPaths, strapiSchemas } from './strapi/openapi.js';
import { VERSION } from '../version.js';

const health = {
  summary: 'Provider and database health',
  tags: ['system'],
  security: [{}],
  responses: {
    200: { description: 'Healthy', content: json({ type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, checks: { type: 'object', additionalProperties: { type: 'string' } } } }) },
    503: { description: 'A dependency is failing; `checks` says which' },
  },
};
const yamlDocument = { summary: 'This document, as YAML (Nhost storage’s path)', tags: ['system'], security: [{}], responses: { 200: { description: 'OpenAPI 3.0 document', content: { 'application/yaml': {} } } } };

const systemPaths = {
  '/healthz': { get: health, head: health },
  '/openapi.json': { get: { summary: 'This document, as JSON', tags: ['system'], security: [{}], responses: { 200: { description: 'OpenAPI 3.0 document' } } } },
  '/v1/openapi.yaml': { get: yamlDocument, head: yamlDocument },
} as const;

/**
 * The OpenAPI 3.0 document of the server: the Nhost files API (following Nhost storage's document),
 * Strapi's Upload plugin API and the operations routes. Served at `/openapi.json` and `/v1/openapi.yaml`.
 */
export const openApiDocument = {
  openapi: '3.0.3',
  info: { title: 'Stowage files API', version: VERSION, description: 'The Nhost-compatible files API and Strapi’s Upload plugin API, served by @stowage/server.' },
  // Per-bucket rules decide which calls need which credentials (docs/security.md); `{}` is anonymous.
  security: [{ bearer: [] }, { adminSecret: [] }, { stowageAdminSecret: [] }, {}],
  tags: [
    { name: 'files', description: 'Nhost’s files API' },
    { name: 'ops', description: 'Maintenance, with the admin secret' },
    { name: 'strapi', description: 'Strapi’s Upload plugin API' },
    { name: 'system', description: 'Health, version and this document' },
  ],
  components: {
    securitySchemes: {
      adminSecret: { type: 'apiKey', in: 'header', name: 'x-hasura-admin-secret' },
      stowageAdminSecret: { type: 'apiKey', in: 'header', name: 'x-stowage-admin-secret' },
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    },
    schemas: { ...nhostSchemas, ...strapiSchemas },
  },
  paths: { ...nhostPaths, ...strapiPaths, ...systemPaths },
} as const;
