import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isCapability, type Capability } from './capabilities.js';
import { StowageError } from './errors.js';

/** The `"stowage"` block of a provider package's package.json. */
export interface ProviderManifest {
  /** The provider's name by the convention (`aws-s3`). */
  provider: string;
  /** The capabilities every instance declares. */
  capabilities: Capability[];
}

/**
 * Finds the package.json above a provider's entry file and reads its `"stowage"` manifest.
 * Returns `undefined` for a plain file with no package around it (a local path).
 * @throws `INVALID_OPTIONS` when the manifest is present but malformed.
 */
export async function readManifest(entry: string): Promise<{ packageName: string; manifest: ProviderManifest | undefined } | undefined> {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const text = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      let pkg: { name?: string; stowage?: unknown };
      try {
        pkg = JSON.parse(text) as typeof pkg;
      } catch (error) {
        throw new StowageError('INVALID_OPTIONS', `${join(dir, 'package.json')} is not valid JSON`, { cause: error });
      }
      if (pkg.name !== undefined) return { packageName: pkg.name, manifest: parseManifest(pkg.name, pkg.stowage) };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function parseManifest(packageName: string, raw: unknown): ProviderManifest | undefined {
  if (raw === undefined) return undefined;
  const m = (typeof raw === 'object' && raw !== null ? raw : {}) as { provider?: unknown; capabilities?: unknown };
  if (typeof m.provider !== 'string' || !Array.isArray(m.capabilities)) {
    throw new StowageError('INVALID_OPTIONS', `${packageName}: package.json "stowage" must be { "provider": string, "capabilities": string[] }`);
  }
  const unknown = m.capabilities.filter((c) => !isCapability(c));
  if (unknown.length > 0) {
    throw new StowageError('INVALID_OPTIONS', `${packageName}: package.json "stowage.capabilities" lists unknown capabilities: ${unknown.join(', ')}`);
  }
  return { provider: m.provider, capabilities: m.capabilities as Capability[] };
}
