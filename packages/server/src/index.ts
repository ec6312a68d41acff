export { createStowageHandler, defaultRoutes, type StowageHandler, type StowageHandlerOptions } from './handler.js';
export { startServer, type RunningServer, type StartServerOptions } from './server.js';
export { serveCommand } from './serve-command.js';
export { createContext, type StowageOptions } from './create-context.js';
// The families, the default list and each family's public parts (a family's own names stay in families/index.ts).
export * from './families/index.js';
export type { ResolveUser, StowageContext } from './context.js';
export { authorize, allows, ruleFor, SAFE_DEFAULTS, OPEN_DEFAULTS, type Action, type AccessContext } from './auth/authorize.js';
export { requestAccess, authorizeRequest, requireAdmin } from './auth/access.js';
export { authSchema, type AuthConfig, type AuthConfigInput, type BucketPermissions, type JwtConfig, type Rule } from './auth/auth-config.js';
export type { Principal, ResolvedUser } from './auth/principal.js';
export type { AuthRuntime } from './auth/authenticate.js';
export { AUTH_CODES } from './auth/auth-errors.js';
export { safeFileName, safeFolderPath } from './files/safe-name.js';
export { parseConfig } from './config/parse-config.js';
export { loadConfig, type LoadConfigOptions } from './config/load-config.js';
export { configSchema, bucketSchema, type BucketConfig, type StowageConfig, type StowageConfigInput } from './config/schema.js';
export { HTTP_STATUS, HttpError, describeError, type DescribedError, type HttpErrorOptions } from './http/http-status.js';
export { ERROR_STATUS, type ErrorCode, type HttpOnlyErrorCode } from './http/error-codes.js';
export { plainErrorShape, type ErrorShape } from './http/error-shape.js';
export { sendError, type ErrorTarget } from './http/send-error.js';
export type { Route, RouteModule, RouteRequest } from './http/router.js';
export { createStore, type DatabaseConfig } from './store/create-store.js';
export type { FileStore, FilePatch, ListFilesOptions, NewFile } from './store/file-store.js';
export { migrateDatabase, type MigrationOutcome } from './store/migrate.js';
export type { Bucket, BucketSettings, FileRecord } from './store/records.js';
export { createLogger } from './logger.js';
export { openApiDocument, openApiDocumentFor, type OpenApiDocument } from './routes/openapi-document.js';

/** Writes the configuration type-checked: `export default defineConfig({ ... })` in `stowage.config.ts`. */
export function defineConfig(config: import('./config/schema.js').StowageConfigInput): import('./config/schema.js').StowageConfigInput {
  return config;
}
