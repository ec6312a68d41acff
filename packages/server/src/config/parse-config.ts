import { StowageError } from '@stowage/core';
import type { AnyRouteFamily } from '../families/family.js';
import { defaultFamilies } from '../families/index.js';
import { composeConfigSchema, configSchema, type StowageConfig } from './schema.js';

/**
 * Validates a configuration and applies defaults.
 * The sections checked beside the server's own are those of `families`.
 * @throws `INVALID_OPTIONS` listing each wrong setting by its path and what was expected; values are
 *   never echoed (they may be secrets).
 */
export function parseConfig(input: unknown, source = 'configuration', families: readonly AnyRouteFamily[] = defaultFamilies): StowageConfig {
  const schema = families === defaultFamilies ? configSchema : composeConfigSchema(families);
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data as StowageConfig;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    return `${path}: ${issue.message}`;
  });
  throw new StowageError('INVALID_OPTIONS', `Invalid ${source}: ${lines.join('; ')}`);
}
