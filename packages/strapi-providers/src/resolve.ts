import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { StowageError } from '@stowage/core';
import type { StrapiProviderModule } from './types.js';

/** Where a Strapi provider name is looked for, in order (as Strapi's own loader does, plus paths). */
export function strapiProviderCandidates(name: string, cwd: string): string[] {
  if (name.startsWith('.') || isAbsolute(name)) return [resolve(cwd, name)];
  if (name.startsWith('@') || name.includes('/') || name.startsWith('strapi-provider-upload-')) return [name];
  return [`@strapi/provider-upload-${name}`, `strapi-provider-upload-${name}`, name];
}

/**
 * Loads a Strapi upload provider: `@strapi/provider-upload-<name>`, then `strapi-provider-upload-<name>`,
 * then `name` as given (a package name, or a path relative to `cwd`). Strapi providers are CommonJS
 * (`module.exports = { init }`), so they are required from `cwd`.
 * @throws `INVALID_OPTIONS` listing the candidates tried, or when the export has no `init`.
 */
export function loadStrapiProvider(name: string, cwd: string = process.cwd()): { module: StrapiProviderModule; specifier: string } {
  const require = createRequire(join(resolve(cwd), 'package.json'));
  const tried = strapiProviderCandidates(name, cwd);
  for (const specifier of tried) {
    let path: string;
    try {
      path = require.resolve(specifier);
    } catch {
      continue;
    }
    const exported = require(path) as { default?: unknown; init?: unknown };
    const module = (typeof exported.init === 'function' ? exported : exported.default) as Partial<StrapiProviderModule> | undefined;
    if (typeof module?.init !== 'function') {
      throw new StowageError('INVALID_OPTIONS', `Invalid provider: "${specifier}" is not a Strapi upload provider (its export has no init function)`);
    }
    return { module: module as StrapiProviderModule, specifier };
  }
  throw new StowageError('INVALID_OPTIONS', `Invalid provider: no Strapi upload provider "${name}" found from ${cwd}; tried ${tried.join(', ')}`);
}
