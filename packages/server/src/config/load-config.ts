import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StowageError } from '@stowage/core';
import { jwtFromEnv } from '../auth/jwt-env.js';
import { configFromEnv } from './env.js';
import { parseConfig } from './parse-config.js';
import type { StowageConfig, StowageConfigInput } from './schema.js';

/** The file names looked for, in order, when no `--config` is given. */
export const CONFIG_FILES = ['stowage.config.ts', 'stowage.config.mts', 'stowage.config.js', 'stowage.config.mjs', 'stowage.config.json'];

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The configuration file; else the first of {@link CONFIG_FILES} in `cwd`, else none. */
  configPath?: string;
  /** @default process.cwd() */
  cwd?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Settings that win over the file and the environment (command-line flags). */
  overrides?: Partial<StowageConfigInput>;
}

/**
 * The configuration: defaults, then the file (`.ts`, `.js` or `.json`; a default export, or a function
 * returning it), then `STOWAGE_*` environment variables, then `overrides`. Validated as a whole.
 * @throws `INVALID_OPTIONS` naming the file and each wrong setting.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<{ config: StowageConfig; source: string | undefined }> {
  const cwd = options.cwd ?? process.cwd();
  const path = options.configPath === undefined ? CONFIG_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f)) : resolve(cwd, options.configPath);
  let fromFile: unknown = {};
  if (path !== undefined) {
    if (!existsSync(path)) throw new StowageError('INVALID_OPTIONS', `Invalid --config: ${path} does not exist`);
    fromFile = await readConfigFile(path);
    if (typeof fromFile !== 'object' || fromFile === null) throw new StowageError('INVALID_OPTIONS', `Invalid ${path}: expected it to export a configuration object`);
  }
  const merged: Record<string, unknown> = { ...(fromFile as object), ...configFromEnv(options.env ?? process.env), ...options.overrides };
  // STOWAGE_JWT_SECRET replaces auth.jwt only: the file's permissions stay.
  const jwt = jwtFromEnv((options.env ?? process.env).STOWAGE_JWT_SECRET);
  if (jwt !== undefined) merged.auth = { ...(merged.auth as object | undefined), jwt };
  return { config: parseConfig(merged, path === undefined ? 'configuration' : `configuration (${path})`), source: path };
}

async function readConfigFile(path: string): Promise<unknown> {
  const ext = extname(path);
  if (ext === '.json') {
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new StowageError('INVALID_OPTIONS', `Invalid ${path}: not valid JSON (${(error as Error).message})`);
    }
  }
  const url = pathToFileURL(path).href;
  let module: Record<string, unknown>;
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') {
    // TypeScript configuration files go through tsx, so no build step is needed.
    const { tsImport } = await import('tsx/esm/api');
    module = (await tsImport(url, url)) as Record<string, unknown>;
  } else {
    module = (await import(url)) as Record<string, unknown>;
  }
  let value: unknown = module.default ?? module;
  if (typeof value === 'object' && value !== null && 'default' in value && Object.keys(value).length === 1) value = (value as { default: unknown }).default;
  if (typeof value === 'function') value = await (value as () => unknown)();
  return value;
}
