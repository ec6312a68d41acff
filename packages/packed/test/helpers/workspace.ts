import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this package lives in packages/packed). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The parts of a package.json these tests read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  types?: string;
  files?: string[];
  bin?: Record<string, string>;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** A workspace package: its directory and manifest. */
export interface WorkspacePackage {
  dir: string;
  manifest: Manifest;
}

/** Every package under packages/ that is published (not `private`), sorted by name. */
export function publicPackages(): WorkspacePackage[] {
  const packages = join(repoRoot, 'packages');
  const found: WorkspacePackage[] = [];
  for (const entry of readdirSync(packages, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(packages, entry.name);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    if (manifest.private !== true) found.push({ dir, manifest });
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}
