import type { StandardSchemaV1 } from '@standard-schema/spec';
import { StowageError } from './errors.js';

/**
 * Validates a provider's options against any Standard Schema (zod, valibot, arktype…) and returns the
 * parsed value. On failure it throws `INVALID_OPTIONS` whose message names each failing option and what
 * was expected, never the value given (options hold secrets).
 *
 * ```ts
 * const options = await parseOptions('aws-s3', optionsSchema, input);
 * ```
 */
export async function parseOptions<S extends StandardSchemaV1>(
  provider: string,
  schema: S,
  input: unknown,
): Promise<StandardSchemaV1.InferOutput<S>> {
  let result = schema['~standard'].validate(input);
  if (result instanceof Promise) result = await result;
  if (result.issues === undefined) return result.value;
  const lines = result.issues.map((issue) => `${issuePath(issue) || '(options)'}: ${issue.message}`);
  throw new StowageError('INVALID_OPTIONS', `Invalid options for provider "${provider}": ${lines.join('; ')}`, { provider });
}

function issuePath(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? [])
    .map((segment) => (typeof segment === 'object' && segment !== null && 'key' in segment ? segment.key : segment))
    .map(String)
    .join('.');
}
