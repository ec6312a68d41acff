import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { StowageError, isStowageError } from './errors.js';
import { parseOptions } from './options.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Options shaped like a real provider's: nested credentials, defaults, enums, URLs. */
const schema = z.strictObject({
  bucket: z.string().min(3),
  region: z.string().default('us-east-1'),
  endpoint: z.url().optional(),
  partSize: z.number().int().min(5 * 1024 * 1024).default(8 * 1024 * 1024),
  addressing: z.enum(['path', 'virtual']).default('virtual'),
  credentials: z
    .object({
      accessKeyId: z.string().min(16),
      secretAccessKey: z.string().regex(/^[A-Za-z0-9+/]{40}$/),
    })
    .optional(),
});

async function failure(run: () => Promise<unknown>): Promise<StowageError> {
  try {
    await run();
  } catch (error) {
    if (isStowageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StowageError');
}

describe('parseOptions', () => {
  it('returns the parsed value, defaults applied', async () => {
    const options = await parseOptions('aws-s3', schema, { bucket: 'uploads' });
    expect(options).toEqual({ bucket: 'uploads', region: 'us-east-1', partSize: 8 * 1024 * 1024, addressing: 'virtual' });
  });

  it('infers the output type of the schema', async () => {
    const options = await parseOptions('aws-s3', schema, { bucket: 'uploads' });
    expectTypeOf(options).toEqualTypeOf<z.output<typeof schema>>();
    expectTypeOf(options.region).toEqualTypeOf<string>();
  });

  it('throws INVALID_OPTIONS naming the provider, the option path and the expectation', async () => {
    const error = await failure(() => parseOptions('aws-s3', schema, { bucket: 'ab', partSize: 1024 }));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.provider).toBe('aws-s3');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^Invalid options for provider "aws-s3": /);
    expect(error.message).toMatch(/bucket: .*3/);
    expect(error.message).toMatch(/partSize: .*5242880/);
  });

  it('names nested paths with dots', async () => {
    const error = await failure(() =>
      parseOptions('aws-s3', schema, { bucket: 'uploads', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } }),
    );
    expect(error.message).toMatch(/credentials\.secretAccessKey: .*expected string/);
  });

  it('names a missing required option', async () => {
    const error = await failure(() => parseOptions('aws-s3', schema, {}));
    expect(error.message).toMatch(/bucket: .*expected string, received undefined/);
  });

  it('names an enum option and its allowed values', async () => {
    const error = await failure(() => parseOptions('aws-s3', schema, { bucket: 'uploads', addressing: 'dns' }));
    expect(error.message).toMatch(/addressing: .*"path".*"virtual"/);
  });

  it('names an unknown option in a strict schema', async () => {
    const error = await failure(() => parseOptions('aws-s3', schema, { bucket: 'uploads', secretKey: SECRET }));
    expect(error.message).toMatch(/secretKey/);
    expect(error.message).not.toContain(SECRET);
  });

  it('says "(options)" when the whole input is wrong', async () => {
    const error = await failure(() => parseOptions('aws-s3', schema, 'not an object'));
    expect(error.message).toMatch(/\(options\): .*expected object/);
  });

  it('lists every failing option', async () => {
    const error = await failure(() => parseOptions('aws-s3', schema, { bucket: 1, region: 2, partSize: 'x' }));
    expect(error.message.split('; ')).toHaveLength(3);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a secret that fails its pattern', { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: `${SECRET}!` } }],
    ['a secret of the wrong type in another field', { region: SECRET, partSize: SECRET }],
    ['a secret as an invalid endpoint', { endpoint: SECRET }],
    ['a secret as an enum value', { addressing: SECRET }],
    ['a secret as a too-short bucket', { bucket: SECRET.slice(0, 2), credentials: { accessKeyId: SECRET, secretAccessKey: 1 } }],
  ])('never echoes the value given: %s', async (_label, extra) => {
    const error = await failure(() => parseOptions('aws-s3', schema, { bucket: 'uploads', ...extra }));
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(SECRET.slice(0, 12));
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('masks a value that a custom message interpolates', async () => {
    const leaky = z.object({
      token: z.string().refine((value) => value.startsWith('tok_'), { error: (issue) => `token "${String(issue.input)}" must start with tok_` }),
    });
    const error = await failure(() => parseOptions('custom', leaky, { token: 'super-secret-value' }));
    expect(error.message).toBe('Invalid options for provider "custom": token: token "[redacted]" must start with tok_');
  });

  it('does not mask words found inside an injected instance, only plain option data', async () => {
    class Client {
      readonly apiEndpoint = 'http://127.0.0.1:1';
      readonly kind = 'storage';
    }
    const withClient = z.object({ client: z.instanceof(Client), bucket: z.string() }).refine((o) => o.bucket !== '', {
      error: 'bucket must not be empty when a storage client is given',
    });
    const error = await failure(() => parseOptions('gcs', withClient, { client: new Client(), bucket: '' }));
    expect(error.message).toContain('when a storage client is given');
  });

  it('works with an asynchronous schema', async () => {
    const asyncSchema = z.object({ name: z.string().refine(async (value) => value !== 'taken', 'name is taken') });
    await expect(parseOptions('p', asyncSchema, { name: 'free' })).resolves.toEqual({ name: 'free' });
    const error = await failure(() => parseOptions('p', asyncSchema, { name: 'taken' }));
    expect(error.message).toBe('Invalid options for provider "p": name: name is taken');
  });

  it('works with any Standard Schema, including hand-written ones with path segment objects', async () => {
    const handWritten: StandardSchemaV1<unknown, { n: number }> = {
      '~standard': {
        version: 1,
        vendor: 'hand',
        validate: (value) =>
          typeof value === 'object' && value !== null && typeof (value as { n?: unknown }).n === 'number'
            ? { value: value as { n: number } }
            : { issues: [{ message: 'expected a number', path: [{ key: 'limits' }, 0, 'n'] }, { message: 'bad shape' }] },
      },
    };
    await expect(parseOptions('hand', handWritten, { n: 1 })).resolves.toEqual({ n: 1 });
    const error = await failure(() => parseOptions('hand', handWritten, {}));
    expect(error.message).toBe('Invalid options for provider "hand": limits.0.n: expected a number; (options): bad shape');
  });
});

describe('parseOptions error type', () => {
  it('is a StowageError', async () => {
    await expect(parseOptions('p', z.string(), 1)).rejects.toBeInstanceOf(StowageError);
  });
});
