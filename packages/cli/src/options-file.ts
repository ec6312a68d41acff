import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from './io.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Reads a provider's options from a JSON file. In string values, `${NAME}` is replaced by the environment
 * variable `NAME`, so the file can be committed while secrets stay in the CI's secret store:
 *
 * ```json
 * { "bucket": "uploads", "credentials": { "secretAccessKey": "${S3_SECRET}" } }
 * ```
 * @throws {@link CliError} for an unreadable file, invalid JSON, or a variable that is not set (named;
 *   values are never printed).
 */
export async function readOptionsFile(path: string, cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<unknown> {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the options file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`the options file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return expandEnv(parsed, env, file);
}

/** Replaces `${NAME}` references in every string of `value` (recursively) with the environment's values. */
export function expandEnv(value: unknown, env: Readonly<Record<string, string | undefined>>, source = 'the options'): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (_match, name: string) => {
      const found = env[name];
      if (found === undefined) throw new CliError(`${source} refers to the environment variable ${name}, which is not set`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item) => expandEnv(item, env, source));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandEnv(item, env, source)]));
  }
  return value;
}
