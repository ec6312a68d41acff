import { invalidInput, type RuleContext } from './rule-error.js';

/**
 * The longest user-metadata name, in characters (all ASCII), the smallest of the backends Stowage runs
 * on: Ceph's OSDs limit attribute names to 100 bytes (`osd_max_attr_name_len`) and RGW stores a name as
 * `user.rgw.x-amz-meta-<name>`, which leaves 80 (OpenStack Swift allows 128).
 */
export const MAX_METADATA_NAME_LENGTH = 80;

/**
 * The most user metadata one object carries: the UTF-8 bytes of every name and value, added up. This is
 * S3's limit for user-defined metadata, the smallest of the backends (Azure and GCS allow 8 KiB).
 */
export const MAX_METADATA_BYTES = 2048;

/** Names under this prefix are Stowage's own (the S3 provider keeps a verified SHA-256 there). */
export const RESERVED_METADATA_PREFIX = 'stowage-';

// Lower-case ASCII letters, digits and dashes. S3 and GCS send names as HTTP header names, which S3 folds
// to lower case; Azure's must be C# identifiers, so its provider maps `-` to `_` and so needs names
// without `_`; a dot or any other character has no reversible spelling on every backend.
const NAME = /^[a-z0-9-]+$/;

/**
 * Whether `name` is a user-metadata name every provider stores and returns unchanged: 1 to
 * {@link MAX_METADATA_NAME_LENGTH} lower-case ASCII letters, digits and dashes (`a`, `a-b`, `1st`,
 * `-a`), not starting with {@link RESERVED_METADATA_PREFIX}.
 */
export function isMetadataName(name: string): boolean {
  return NAME.test(name) && name.length <= MAX_METADATA_NAME_LENGTH && !name.startsWith(RESERVED_METADATA_PREFIX);
}

/**
 * THE user-metadata rule of the contract: a plain object whose names pass {@link isMetadataName} and
 * whose values are strings (any Unicode: providers encode what their backend cannot carry raw), at most
 * {@link MAX_METADATA_BYTES} in all. `undefined` is no metadata. Returns a copy, safe to store.
 * @throws `INVALID_INPUT` naming the metadata name (or the whole `metadata`) and what was expected.
 */
export function checkMetadata(metadata: unknown, context: RuleContext = {}): Record<string, string> {
  if (metadata === undefined) return {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw invalidInput('metadata', 'an object of string values', context);
  const copy: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!isMetadataName(name)) throw invalidInput(`metadata name "${name}"`, nameRule(name), context);
    if (typeof value !== 'string') throw invalidInput(`metadata "${name}"`, 'a string value', context);
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
    copy[name] = value;
  }
  if (bytes > MAX_METADATA_BYTES) throw invalidInput('metadata', `at most ${MAX_METADATA_BYTES} UTF-8 bytes of names and values in all, got ${bytes}`, context);
  return copy;
}

// The part of the rule `name` breaks, for the message.
function nameRule(name: string): string {
  if (name.startsWith(RESERVED_METADATA_PREFIX)) return `a name outside the reserved prefix "${RESERVED_METADATA_PREFIX}"`;
  if (name.length > MAX_METADATA_NAME_LENGTH) return `at most ${MAX_METADATA_NAME_LENGTH} characters`;
  return 'lower-case ASCII letters, digits and dashes';
}
