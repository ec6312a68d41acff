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
  const secrets = stringsIn(input);
  const lines = result.issues.map((issue) => `${issuePath(issue) || '(options)'}: ${redact(issue.message, secrets)}`);
  throw new StowageError('INVALID_OPTIONS', `Invalid options for provider "${provider}": ${lines.join('; ')}`, { provider });
}

function issuePath(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? [])
    .map((segment) => (typeof segment === 'object' && segment !== null && 'key' in segment ? segment.key : segment))
    .map(String)
    .join('.');
}

// Schema libraries' own messages name types, not values, but a custom message may interpolate the value it
// checks. Every string of the input long enough to be a secret is masked, wherever it appears.
const MIN_SECRET_LENGTH = 6;

function stringsIn(input: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'string') {
      if (value.length >= MIN_SECRET_LENGTH) found.add(value);
    } else if ((Array.isArray(value) || isPlainObject(value)) && depth < 8 && found.size < 1000) {
      for (const child of Object.values(value)) visit(child, depth + 1);
    }
  };
  try {
    visit(input, 0);
  } catch {
    // A getter that throws: mask what was found so far.
  }
  // Longest first, so that a secret containing another is masked whole.
  return [...found].sort((a, b) => b.length - a.length);
}

// Options hold plain data and injected instances (an SDK client): only the data can hold a secret the user
// typed, while an instance's strings ("storage", endpoints) would mask ordinary words of the message.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function redact(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join('[redacted]');
  return text;
}
