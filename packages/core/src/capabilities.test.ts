import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CAPABILITIES,
  CAPABILITY_METHODS,
  isCapability,
  missingCapabilityMethods,
  supports,
  type Capability,
  type CapabilityMap,
  type ProviderWith,
} from './capabilities.js';
import type { ListCapability, Provider, ReadCapability, StatCapability } from './provider.js';

const noop = async () => undefined as never;

function fakeProvider(capabilities: Capability[], extra: Record<string, unknown> = {}): Provider {
  return { name: 'fake', capabilities: new Set(capabilities), upload: noop, delete: noop, ...extra } as unknown as Provider;
}

describe('CAPABILITIES', () => {
  it('lists every capability of the map once, in report order', () => {
    expect(CAPABILITIES).toEqual(['read', 'stat', 'signedUrl', 'signedUpload', 'copy', 'list', 'exists', 'check', 'close', 'resumable']);
    expect(Object.keys(CAPABILITY_METHODS).sort()).toEqual([...CAPABILITIES].sort());
    expectTypeOf<(typeof CAPABILITIES)[number]>().toEqualTypeOf<Capability>();
    expectTypeOf<Capability>().toEqualTypeOf<keyof CapabilityMap>();
  });

  it('names the methods each capability requires', () => {
    expect(CAPABILITY_METHODS.list).toEqual(['list', 'listPage']);
    for (const capability of CAPABILITIES) expect(CAPABILITY_METHODS[capability].length).toBeGreaterThan(0);
  });
});

describe('isCapability', () => {
  it.each([...CAPABILITIES])('accepts %s', (name) => {
    expect(isCapability(name)).toBe(true);
  });

  it.each<unknown>(['Read', 'upload', 'delete', '', 'signedurl', 'toString', '__proto__', undefined, null, 1, ['read']])('rejects %j', (value) => {
    expect(isCapability(value)).toBe(false);
  });
});

describe('supports', () => {
  it('is true only when every capability asked for is declared', () => {
    const provider = fakeProvider(['read', 'stat'], { read: noop, stat: noop });
    expect(supports(provider, 'read')).toBe(true);
    expect(supports(provider, 'read', 'stat')).toBe(true);
    expect(supports(provider, 'copy')).toBe(false);
    expect(supports(provider, 'read', 'copy')).toBe(false);
    expect(supports(provider)).toBe(true);
  });

  it('goes by the declaration, not by the methods present', () => {
    const undeclared = fakeProvider([], { read: noop });
    expect(supports(undeclared, 'read')).toBe(false);
  });

  it('narrows the type to the capability methods', () => {
    const provider: Provider = fakeProvider(['read', 'list'], { read: noop, list: noop, listPage: noop });
    expectTypeOf(provider).not.toHaveProperty('read');
    if (supports(provider, 'read')) {
      expectTypeOf(provider).toExtend<Provider & ReadCapability>();
      expectTypeOf(provider.read).toEqualTypeOf<ReadCapability['read']>();
      expectTypeOf(provider).not.toHaveProperty('stat');
    }
    if (supports(provider, 'read', 'list')) {
      expectTypeOf(provider).toExtend<ReadCapability & ListCapability>();
      expectTypeOf(provider.listPage).toEqualTypeOf<ListCapability['listPage']>();
      expect(typeof provider.listPage).toBe('function');
    } else {
      expect.unreachable();
    }
  });

  it('builds intersections with ProviderWith', () => {
    expectTypeOf<ProviderWith<'read' | 'stat'>>().toEqualTypeOf<Provider & ReadCapability & StatCapability>();
    expectTypeOf<ProviderWith<'read'>>().toExtend<Provider>();
    expectTypeOf<ProviderWith<'read'>>().not.toExtend<StatCapability>();
  });

  it('only takes known capability names', () => {
    const provider = fakeProvider([]);
    // @ts-expect-error not a capability
    expect(supports(provider, 'teleport')).toBe(false);
  });
});

describe('missingCapabilityMethods', () => {
  it('is empty for a consistent provider', () => {
    const methods = Object.fromEntries(CAPABILITIES.flatMap((c) => CAPABILITY_METHODS[c]).map((m) => [m, noop]));
    expect(missingCapabilityMethods(fakeProvider([...CAPABILITIES], methods))).toEqual([]);
  });

  it('lists each declared capability method that is missing or not a function', () => {
    const provider = fakeProvider(['read', 'list', 'close'], { list: noop, listPage: 'nope' });
    expect(missingCapabilityMethods(provider)).toEqual(['read.read', 'list.listPage', 'close.close']);
  });

  it('reports unknown capability names instead of crashing', () => {
    const provider = { ...fakeProvider([]), capabilities: new Set(['teleport']) } as unknown as Provider;
    expect(missingCapabilityMethods(provider)).toEqual(['teleport (unknown capability)']);
  });
});
