import { describe, expect, it } from 'vitest';
import { CAPABILITIES, CAPABILITY_METHODS, type Capability } from './capabilities.js';
import { defineProvider, isProviderDefinition } from './define-provider.js';
import { isStowageError, type StowageError } from './errors.js';
import type { Provider } from './provider.js';

const noop = async () => undefined as never;

/** An instance with the given capabilities and every method they need. */
function fakeProvider(name: string, capabilities: readonly string[], omit: string[] = []): Provider {
  const provider: Record<string, unknown> = {
    name,
    capabilities: new Set(capabilities),
    upload: noop,
    delete: noop,
  };
  for (const capability of capabilities) {
    for (const method of CAPABILITY_METHODS[capability as Capability] ?? []) provider[method] = noop;
  }
  for (const method of omit) delete provider[method];
  return provider as unknown as Provider;
}

function thrown(run: () => unknown): StowageError {
  try {
    run();
  } catch (error) {
    if (isStowageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StowageError');
}

async function rejected(promise: Promise<unknown>): Promise<StowageError> {
  try {
    await promise;
  } catch (error) {
    if (isStowageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StowageError');
}

describe('defineProvider', () => {
  it('returns a frozen definition that creates checked instances', async () => {
    const definition = defineProvider({
      name: 'memory',
      capabilities: ['read', 'list'],
      init: (options: { label: string }) => fakeProvider('memory', ['read', 'list']),
    });
    expect(definition.name).toBe('memory');
    expect(definition.capabilities).toEqual(['read', 'list']);
    expect(Object.isFrozen(definition)).toBe(true);
    expect(Object.isFrozen(definition.capabilities)).toBe(true);
    const provider = await definition.init({ label: 'x' });
    expect(provider.name).toBe('memory');
    expect(isProviderDefinition(definition)).toBe(true);
  });

  it('accepts every capability at once, and none', async () => {
    await expect(defineProvider({ name: 'all', capabilities: CAPABILITIES, init: () => fakeProvider('all', CAPABILITIES) }).init(undefined)).resolves.toBeDefined();
    await expect(defineProvider({ name: 'bare', capabilities: [], init: () => fakeProvider('bare', []) }).init(undefined)).resolves.toBeDefined();
  });

  it('accepts an asynchronous init and passes the options through', async () => {
    let seen: unknown;
    const definition = defineProvider({
      name: 'async',
      capabilities: [],
      init: async (options: { n: number }) => {
        seen = options;
        return fakeProvider('async', []);
      },
    });
    await definition.init({ n: 1 });
    expect(seen).toEqual({ n: 1 });
  });

  it('does not depend on the order of capabilities', async () => {
    const definition = defineProvider({ name: 'order', capabilities: ['stat', 'read'], init: () => fakeProvider('order', ['read', 'stat']) });
    await expect(definition.init(undefined)).resolves.toBeDefined();
  });

  it('lets init errors through unchanged', async () => {
    const original = new Error('bad options');
    const definition = defineProvider({ name: 'fails', capabilities: [], init: () => Promise.reject(original) });
    await expect(definition.init(undefined)).rejects.toBe(original);
  });

  describe('refuses bad definitions with INVALID_OPTIONS', () => {
    it.each<[string, unknown]>([
      ['an upper-case name', 'AwsS3'],
      ['an empty name', ''],
      ['a name with a space', 'aws s3'],
      ['a name with a slash', 'aws/s3'],
      ['a scoped name', '@acme/foo'],
      ['a full package name with a dot', 'stowage.foo'],
      ['a name starting with a dash', '-foo'],
      ['an underscore', 'aws_s3'],
      ['a missing name', undefined],
      ['a numeric name', 42],
    ])('%s', (_label, name) => {
      const error = thrown(() => defineProvider({ name: name as string, capabilities: [], init: () => fakeProvider('x', []) }));
      expect(error.code).toBe('INVALID_OPTIONS');
      expect(error.message).toMatch(/name must be lower-case letters, digits and dashes/);
    });

    it.each(['local', 'aws-s3', 'gcs', 'r2', '2fast', 'a-b-c'])('accepts the name %j', (name) => {
      expect(defineProvider({ name, capabilities: [], init: () => fakeProvider(name, []) }).name).toBe(name);
    });

    it('an unknown capability, naming it and the known ones', () => {
      const error = thrown(() => defineProvider({ name: 'x', capabilities: ['read', 'reed' as Capability], init: () => fakeProvider('x', []) }));
      expect(error.code).toBe('INVALID_OPTIONS');
      expect(error.message).toMatch(/unknown capabilities "reed"; known: read, stat/);
    });

    it('a capability listed twice', () => {
      const error = thrown(() => defineProvider({ name: 'x', capabilities: ['read', 'read'], init: () => fakeProvider('x', ['read']) }));
      expect(error.message).toMatch(/twice/);
    });

    it('capabilities that are not an array', () => {
      const error = thrown(() => defineProvider({ name: 'x', capabilities: 'read' as unknown as Capability[], init: () => fakeProvider('x', []) }));
      expect(error.message).toMatch(/capabilities must be an array/);
    });

    it('a missing init', () => {
      const error = thrown(() => defineProvider({ name: 'x', capabilities: [] } as never));
      expect(error.message).toMatch(/init must be a function/);
    });
  });

  describe('checks each instance init returns', () => {
    it('refuses a wrong name', async () => {
      const definition = defineProvider({ name: 'right', capabilities: [], init: () => fakeProvider('wrong', []) });
      const error = await rejected(definition.init(undefined));
      expect(error.code).toBe('INVALID_OPTIONS');
      expect(error.provider).toBe('right');
      expect(error.message).toBe('Provider "right" returned an invalid instance: instance name is "wrong", expected "right"');
    });

    it.each(['upload', 'delete'])('refuses an instance without %s()', async (method) => {
      const definition = defineProvider({ name: 'p', capabilities: [], init: () => fakeProvider('p', [], [method]) });
      expect((await rejected(definition.init(undefined))).message).toContain(`${method}() is missing`);
    });

    it('refuses an instance with more capabilities than declared', async () => {
      const definition = defineProvider({ name: 'p', capabilities: ['read'], init: () => fakeProvider('p', ['read', 'stat']) });
      expect((await rejected(definition.init(undefined))).message).toContain('capabilities are [read,stat] but the definition declares [read]');
    });

    it('refuses an instance with fewer capabilities than declared', async () => {
      const definition = defineProvider({ name: 'p', capabilities: ['read', 'copy'], init: () => fakeProvider('p', ['read']) });
      expect((await rejected(definition.init(undefined))).message).toContain('capabilities are [read] but the definition declares [copy,read]');
    });

    it.each(CAPABILITIES.flatMap((capability) => CAPABILITY_METHODS[capability].map((method) => [capability, method] as const)))(
      'refuses a declared %s without its %s() method',
      async (capability, method) => {
        const definition = defineProvider({ name: 'p', capabilities: [capability], init: () => fakeProvider('p', [capability], [method]) });
        expect((await rejected(definition.init(undefined))).message).toContain(`declared capabilities lack methods: ${capability}.${method}`);
      },
    );

    it('refuses capabilities that are an array instead of a Set', async () => {
      const definition = defineProvider({
        name: 'p',
        capabilities: ['read'],
        init: () => ({ ...fakeProvider('p', ['read']), capabilities: ['read'] }) as unknown as Provider,
      });
      expect((await rejected(definition.init(undefined))).message).toContain('capabilities is not a Set');
    });

    it('refuses an unknown capability on the instance without crashing', async () => {
      const definition = defineProvider({ name: 'p', capabilities: [], init: () => fakeProvider('p', ['teleport']) });
      const message = (await rejected(definition.init(undefined))).message;
      expect(message).toContain('teleport (unknown capability)');
    });

    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['null', null],
      ['a string', 'provider'],
    ])('refuses %s as an instance, listing every problem', async (_label, value) => {
      const definition = defineProvider({ name: 'p', capabilities: [], init: () => value as Provider });
      const message = (await rejected(definition.init(undefined))).message;
      expect(message).toContain('upload() is missing; delete() is missing; capabilities is not a Set; instance name is');
    });
  });
});

describe('isProviderDefinition', () => {
  it('recognises definitions from defineProvider and hand-made ones', () => {
    expect(isProviderDefinition(defineProvider({ name: 'a', capabilities: [], init: () => fakeProvider('a', []) }))).toBe(true);
    expect(isProviderDefinition({ name: 'a', capabilities: [], init: () => undefined })).toBe(true);
    expect(isProviderDefinition(Object.defineProperty({}, Symbol.for('stowage.provider-definition'), { value: true }))).toBe(true);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a function', () => undefined],
    ['a provider instance', fakeProvider('a', [])],
    ['an object without init', { name: 'a', capabilities: [] }],
    ['an object with a Set of capabilities', { name: 'a', capabilities: new Set(), init: () => undefined }],
    ['a module namespace-like object', { default: { name: 'a', capabilities: [], init: () => undefined } }],
  ])('rejects %s', (_label, value) => {
    expect(isProviderDefinition(value)).toBe(false);
  });
});
