import type {
  CheckCapability,
  CloseCapability,
  CopyCapability,
  ExistsCapability,
  ListCapability,
  Provider,
  ReadCapability,
  ResumableCapability,
  SignedUploadCapability,
  SignedUrlCapability,
  StatCapability,
} from './provider.js';

/**
 * The optional capabilities a provider may declare, each tied to the sub-interface it promises.
 * A provider lists what it supports in `capabilities`; {@link supports} narrows its type accordingly.
 */
export interface CapabilityMap {
  /** Streamed reads, with byte ranges. */
  read: ReadCapability;
  /** Size, etag, MIME type, last-modified and metadata of one object. */
  stat: StatCapability;
  /** Expiring read URLs that work without credentials. */
  signedUrl: SignedUrlCapability;
  /** Direct browser-to-storage uploads through a signed URL or form. */
  signedUpload: SignedUploadCapability;
  /** Server-side copy of one object to another key. */
  copy: CopyCapability;
  /** Paginated listing under a prefix. */
  list: ListCapability;
  /** A cheap existence check. */
  exists: ExistsCapability;
  /** Start-up check of credentials and bucket. */
  check: CheckCapability;
  /** Releases sockets, handles and pools. */
  close: CloseCapability;
  /** Uploads in pieces across requests and restarts (tus), kept in the backend. */
  resumable: ResumableCapability;
}

/** The name of one optional capability. */
export type Capability = keyof CapabilityMap;

/** Every capability, in the order reports list them. */
export const CAPABILITIES = [
  'read',
  'stat',
  'signedUrl',
  'signedUpload',
  'copy',
  'list',
  'exists',
  'check',
  'close',
  'resumable',
] as const satisfies readonly Capability[];

/** The methods each capability requires, used to check a provider really has what it declares. */
export const CAPABILITY_METHODS: { readonly [C in Capability]: readonly (keyof CapabilityMap[C])[] } = {
  read: ['read'],
  stat: ['stat'],
  signedUrl: ['signedUrl'],
  signedUpload: ['signedUpload'],
  copy: ['copy'],
  list: ['list', 'listPage'],
  exists: ['exists'],
  check: ['check'],
  close: ['close'],
  resumable: ['createResumable', 'appendResumable', 'completeResumable', 'abortResumable'],
};

/** Whether `name` is one of the known capabilities. */
export function isCapability(name: unknown): name is Capability {
  return typeof name === 'string' && (CAPABILITIES as readonly string[]).includes(name);
}

/** A provider narrowed to the capabilities `C`. */
export type ProviderWith<C extends Capability> = Provider & UnionToIntersection<CapabilityMap[C]>;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/**
 * Type guard: whether `provider` declares every capability in `capabilities` (and so has its methods).
 *
 * ```ts
 * if (supports(provider, 'read')) await provider.read(key);
 * ```
 */
export function supports<C extends Capability>(provider: Provider, ...capabilities: C[]): provider is ProviderWith<C> {
  return capabilities.every((c) => provider.capabilities.has(c));
}

/**
 * What a provider declares but lacks: `capability.method` for each missing method, and unknown
 * capability names. Empty when it is consistent.
 */
export function missingCapabilityMethods(provider: Provider): string[] {
  const missing: string[] = [];
  for (const capability of provider.capabilities) {
    if (!isCapability(capability)) {
      missing.push(`${String(capability)} (unknown capability)`);
      continue;
    }
    for (const method of CAPABILITY_METHODS[capability] as readonly string[]) {
      if (typeof (provider as unknown as Record<string, unknown>)[method] !== 'function') {
        missing.push(`${capability}.${method}`);
      }
    }
  }
  return missing;
}
