import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProviderNames } from './names.js';

/**
 * The `@stowage/core` version range generated packages depend on. Core's first release is 0.1.0; bump
 * this when a generated package needs a newer core.
 */
export const CORE_RANGE = '^0.1.0';

/** The template directory shipped with this package (`templates/provider`). */
export const TEMPLATE_DIR = fileURLToPath(new URL('../templates/provider/', import.meta.url));

// Files npm would drop or rename on publish, and a package.json that tools would take for a real
// package, are stored under another name and renamed here.
const RENAMES: Readonly<Record<string, string>> = {
  _gitignore: '.gitignore',
  _changeset: '.changeset',
  '_package.json': 'package.json',
};

/** What {@link scaffold} needs. */
export interface ScaffoldOptions {
  /** The names, from {@link providerNames}. */
  names: ProviderNames;
  /** The directory to create the package in; must be missing or empty. */
  dir: string;
  /** The `@stowage/core` dependency spec. @default {@link CORE_RANGE} */
  coreSpec?: string;
  /** Where the templates are. @default {@link TEMPLATE_DIR} */
  templateDir?: string;
}

/** The directory is not empty: nothing was written. */
export class TargetNotEmptyError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} is not empty; choose another directory with --dir (nothing was written).`);
    this.name = 'TargetNotEmptyError';
  }
}

/**
 * Generates a provider package in `options.dir`: every template file, with the placeholders
 * (`__PROVIDER_NAME__`, `__PACKAGE_NAME__`, `__PASCAL_NAME__`, `__CAMEL_NAME__`, `__CORE_SPEC__`)
 * replaced. Returns the files written, relative to the directory.
 * @throws {@link TargetNotEmptyError} when the directory holds anything, before writing a file.
 */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  const dir = resolve(options.dir);
  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (existing.length > 0) throw new TargetNotEmptyError(dir);
  const values: Record<string, string> = {
    __PROVIDER_NAME__: options.names.provider,
    __PACKAGE_NAME__: options.names.packageName,
    __PASCAL_NAME__: options.names.pascal,
    __CAMEL_NAME__: options.names.camel,
    __CORE_SPEC__: options.coreSpec ?? CORE_RANGE,
  };
  const templateDir = options.templateDir ?? TEMPLATE_DIR;
  const written: string[] = [];
  for (const source of await templateFiles(templateDir)) {
    const target = join(dir, ...relative(templateDir, source).split(/[\\/]/).map((part) => RENAMES[part] ?? part));
    await mkdir(resolve(target, '..'), { recursive: true });
    await writeFile(target, substitute(await readFile(source, 'utf8'), values));
    written.push(relative(dir, target).split('\\').join('/'));
  }
  return written.sort();
}

/** Replaces every `__NAME__` placeholder of `values` in `text`. */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  let result = text;
  for (const [token, value] of Object.entries(values)) result = result.split(token).join(value);
  return result;
}

async function templateFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await templateFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
