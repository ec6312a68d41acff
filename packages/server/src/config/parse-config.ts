import { StowageError } from '@stowage/core';
import { configSchema, type StowageConfig } from './schema.js';

/**
 * Validates a configuration and applies defaults.
 * @throws `INVALID_OPTIONS` listing each wrong setting by its path and what was expected; values are
 *   never echoed (they may be secrets).
 */
export function parseConfig(input: unknown, source = 'configuration'): StowageConfig {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    return `${path}: ${issue.message}`;
  });
  throw new StowageError('INVALID_OPTIONS', `Invalid ${source}: ${lines.join('; ')}`);
}
