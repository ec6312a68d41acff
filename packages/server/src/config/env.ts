import { StowageError } from '@stowage/core';
import type { StowageConfigInput } from './schema.js';

/** Environment variables that override the configuration file, and the setting each one sets. */
export const ENV_OVERRIDES = {
  STOWAGE_PORT: 'port',
  PORT: 'port',
  STOWAGE_HOST: 'host',
  STOWAGE_PUBLIC_URL: 'publicUrl',
  STOWAGE_PROVIDER: 'provider',
  STOWAGE_PROVIDER_OPTIONS: 'providerOptions (JSON)',
  STOWAGE_DATABASE_URL: 'database (postgres://… or a SQLite file path)',
  STOWAGE_SIZE_LIMIT: 'sizeLimit',
  STOWAGE_SIGNING_SECRET: 'signingSecret',
  STOWAGE_ADMIN_SECRET: 'adminSecret',
  STOWAGE_JWT_SECRET: 'auth.jwt (a secret, or Hasura\'s JSON: {"type","key"} or {"jwk_url"})',
  STOWAGE_LOG_LEVEL: 'logLevel',
} as const;

/**
 * The settings the environment overrides. `STOWAGE_PORT` wins over `PORT`.
 * @throws `INVALID_OPTIONS` naming the variable when its value cannot be used (never echoing it).
 */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<StowageConfigInput> {
  const out: Record<string, unknown> = {};
  const int = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw)) throw new StowageError('INVALID_OPTIONS', `Invalid ${name}: expected a whole number`);
    return Number(raw);
  };
  const port = int('STOWAGE_PORT') ?? int('PORT');
  if (port !== undefined) out.port = port;
  const sizeLimit = int('STOWAGE_SIZE_LIMIT');
  if (sizeLimit !== undefined) out.sizeLimit = sizeLimit;
  const text: [string, string][] = [
    ['STOWAGE_HOST', 'host'],
    ['STOWAGE_PUBLIC_URL', 'publicUrl'],
    ['STOWAGE_PROVIDER', 'provider'],
    ['STOWAGE_SIGNING_SECRET', 'signingSecret'],
    ['STOWAGE_ADMIN_SECRET', 'adminSecret'],
    ['STOWAGE_LOG_LEVEL', 'logLevel'],
  ];
  for (const [name, key] of text) if (env[name]) out[key] = env[name];
  if (env.STOWAGE_PROVIDER_OPTIONS) {
    try {
      out.providerOptions = JSON.parse(env.STOWAGE_PROVIDER_OPTIONS);
    } catch {
      throw new StowageError('INVALID_OPTIONS', 'Invalid STOWAGE_PROVIDER_OPTIONS: expected a JSON object');
    }
  }
  const database = env.STOWAGE_DATABASE_URL;
  if (database) {
    out.database = /^postgres(ql)?:\/\//.test(database) ? { client: 'postgres', connectionString: database } : { client: 'sqlite', filename: database.replace(/^sqlite:(\/\/)?/, '') };
  }
  return out as Partial<StowageConfigInput>;
}
