import { checkMetadata } from '@stowage/core';
import { PROVIDER } from './errors.js';

/**
 * Azure metadata names must be C# identifiers (letters, digits, `_`, not starting with a digit), so core's
 * names (`checkMetadata`: `[a-z0-9-]`) are mapped reversibly: `-` becomes `_`, and a name that would then
 * start with a digit or `_` gets one more leading `_`. Core names never contain `_`, which keeps the
 * mapping one-to-one.
 * @throws `INVALID_INPUT` for metadata core's rule refuses, naming the name.
 */
export function encodeMetadata(metadata: Record<string, string> | undefined, key: string): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(checkMetadata(metadata, { key, provider: PROVIDER }))) {
    encoded[encodeName(name)] = encodeValue(value);
  }
  return encoded;
}

/** The inverse of {@link encodeMetadata}, for what Azure returns. */
export function decodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) {
    decoded[decodeName(name.toLowerCase())] = decodeValue(value);
  }
  return decoded;
}

function encodeName(name: string): string {
  const underscored = name.replaceAll('-', '_');
  return /^[0-9_]/.test(underscored) ? `_${underscored}` : underscored;
}

function decodeName(name: string): string {
  return (name.startsWith('_') ? name.slice(1) : name).replaceAll('_', '-');
}

// Header values carry printable ASCII only; anything else (and `%` itself) is percent-encoded so it round-trips.
function encodeValue(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !value.includes('%') && value.trim() === value
    ? value
    : encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeValue(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
