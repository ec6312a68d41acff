import { CAPABILITIES, isCapability, missingCapabilityMethods, type Capability } from './capabilities.js';
import { StowageError } from './errors.js';
import type { Provider } from './provider.js';

const DEFINITION = Symbol.for('stowage.provider-definition');
// The naming convention's short name: what follows `provider-upload-` in the package name.
const PROVIDER_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** What a provider package exports by default. */
export interface ProviderDefinition<Options = unknown, P extends Provider = Provider> {
  /** The name by the naming convention (`local`, `aws-s3`), matching the package manifest. */
  readonly name: string;
  /** The capabilities every instance declares; checked against each instance `init` returns. */
  readonly capabilities: readonly Capability[];
  /**
   * Validates `options` (auth config included) and creates a provider.
   * @throws `INVALID_OPTIONS` naming the option and what was expected; secret values are never echoed.
   */
  init(options: Options): Promise<P>;
}

/** What {@link defineProvider} takes. */
export interface ProviderSpec<Options, P extends Provider> {
  name: string;
  capabilities: readonly Capability[];
  init(options: Options): P | Promise<P>;
}

/**
 * Declares a provider: the default export of a provider package.
 *
 * ```ts
 * export default defineProvider({
 *   name: 'my-backend',
 *   capabilities: ['read', 'stat'],
 *   init: (options: MyOptions) => createMyProvider(options),
 * });
 * ```
 *
 * Each instance `init` returns is checked: same name, the declared capabilities, and every method they need.
 */
export function defineProvider<Options, P extends Provider>(spec: ProviderSpec<Options, P>): ProviderDefinition<Options, P> {
  if (typeof spec?.name !== 'string' || !PROVIDER_NAME.test(spec.name)) {
    throw new StowageError('INVALID_OPTIONS', `defineProvider: name must be lower-case letters, digits and dashes, got ${quote(spec?.name)}`);
  }
  const capabilities: unknown = spec.capabilities;
  if (!Array.isArray(capabilities)) {
    throw new StowageError('INVALID_OPTIONS', `defineProvider "${spec.name}": capabilities must be an array of capability names`);
  }
  const unknown = capabilities.filter((c) => !isCapability(c));
  if (unknown.length > 0) {
    throw new StowageError('INVALID_OPTIONS', `defineProvider "${spec.name}": unknown capabilities ${unknown.map(quote).join(', ')}; known: ${CAPABILITIES.join(', ')}`);
  }
  if (new Set(capabilities).size !== capabilities.length) {
    throw new StowageError('INVALID_OPTIONS', `defineProvider "${spec.name}": capabilities list one capability twice`);
  }
  if (typeof spec.init !== 'function') {
    throw new StowageError('INVALID_OPTIONS', `defineProvider "${spec.name}": init must be a function`);
  }
  const declared = Object.freeze([...(capabilities as Capability[])]);
  const definition: ProviderDefinition<Options, P> = {
    name: spec.name,
    capabilities: declared,
    async init(options: Options): Promise<P> {
      const provider = await spec.init(options);
      assertProviderShape(provider, spec.name, declared);
      return provider;
    },
  };
  Object.defineProperty(definition, DEFINITION, { value: true });
  return Object.freeze(definition);
}

/** Whether `value` looks like a provider definition (made by `defineProvider` in any copy of core, or by hand). */
export function isProviderDefinition(value: unknown): value is ProviderDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string | symbol, unknown>;
  if (v[DEFINITION] === true) return true;
  return typeof v.name === 'string' && typeof v.init === 'function' && Array.isArray(v.capabilities);
}

function assertProviderShape(provider: Provider, name: string, declared: readonly Capability[]): void {
  const problems: string[] = [];
  if (typeof provider?.upload !== 'function') problems.push('upload() is missing');
  if (typeof provider?.delete !== 'function') problems.push('delete() is missing');
  if (!(provider?.capabilities instanceof Set)) problems.push('capabilities is not a Set');
  else {
    const have = [...provider.capabilities].sort().join(',');
    const want = [...declared].sort().join(',');
    if (have !== want) problems.push(`capabilities are [${have}] but the definition declares [${want}]`);
    const missing = missingCapabilityMethods(provider);
    if (missing.length > 0) problems.push(`declared capabilities lack methods: ${missing.join(', ')}`);
  }
  if (provider?.name !== name) problems.push(`instance name is "${String(provider?.name)}", expected "${name}"`);
  if (problems.length > 0) {
    throw new StowageError('INVALID_OPTIONS', `Provider "${name}" returned an invalid instance: ${problems.join('; ')}`, { provider: name });
  }
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : value === null ? 'null' : typeof value;
}
