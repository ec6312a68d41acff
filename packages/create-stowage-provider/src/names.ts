import validatePackageName from 'validate-npm-package-name';

/** The naming convention's prefix of community provider packages. */
export const PACKAGE_PREFIX = 'stowage-provider-upload-';

// What core's defineProvider accepts as a provider name.
const PROVIDER_NAME = /^[a-z0-9][a-z0-9-]*$/;
const SCOPE = /^@[a-z0-9][a-z0-9._~-]*$/;

/** The names one provider goes by. */
export interface ProviderNames {
  /** The short name (`my-backend`): `defineProvider({ name })`, the manifest, `loadProvider('my-backend')`. */
  provider: string;
  /** The npm package name (`stowage-provider-upload-my-backend`, or `@scope/stowage-provider-upload-my-backend`). */
  packageName: string;
  /** The scope with its `@`, when there is one. */
  scope?: string;
  /** PascalCase, for type and function names (`MyBackend`). */
  pascal: string;
  /** camelCase, for the default import in examples (`myBackend`). */
  camel: string;
}

/** A name that breaks npm's rules or the naming convention; the message says which and what to type. */
export class NameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NameError';
  }
}

/**
 * Derives every name from what the author typed: a short name (`my-backend`), a full package name
 * (`stowage-provider-upload-my-backend`) or a scoped one (`@acme/stowage-provider-upload-my-backend`).
 * `scope` (`acme` or `@acme`) scopes a short or unscoped name.
 * @throws {@link NameError} when the result breaks npm's package name rules or the convention.
 */
export function providerNames(input: string, scope?: string): ProviderNames {
  let name = input.trim();
  let packageScope = scope === undefined || scope === '' ? undefined : scope.startsWith('@') ? scope : `@${scope}`;
  const scoped = /^(@[^/]+)\/(.*)$/.exec(name);
  if (scoped) {
    const [, given = '', rest = ''] = scoped;
    if (packageScope !== undefined && packageScope !== given) {
      throw new NameError(`The name "${name}" has the scope ${given} but --scope says ${packageScope}; give one of them.`);
    }
    packageScope = given;
    name = rest;
  }
  if (packageScope !== undefined && !SCOPE.test(packageScope)) {
    throw new NameError(`Invalid scope "${packageScope}": use lower-case letters, digits, "-", "." or "_" after the "@".`);
  }
  const provider = name.startsWith(PACKAGE_PREFIX) ? name.slice(PACKAGE_PREFIX.length) : name;
  if (!PROVIDER_NAME.test(provider)) {
    throw new NameError(
      `Invalid provider name "${provider}": use lower-case letters, digits and dashes, starting with a letter or digit (for example "my-backend").`,
    );
  }
  if (provider.endsWith('-') || provider.includes('--')) {
    throw new NameError(`Invalid provider name "${provider}": no leading, trailing or doubled dashes.`);
  }
  const packageName = `${packageScope === undefined ? '' : `${packageScope}/`}${PACKAGE_PREFIX}${provider}`;
  const verdict = validatePackageName(packageName);
  if (!verdict.validForNewPackages) {
    const problems = [...(verdict.errors ?? []), ...(verdict.warnings ?? [])];
    throw new NameError(`Invalid package name "${packageName}": ${problems.join('; ')}.`);
  }
  const words = provider.split('-').filter((word) => word !== '');
  const pascalWords = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  // An identifier cannot start with a digit.
  const pascal = /^[0-9]/.test(pascalWords) ? `Provider${pascalWords}` : pascalWords;
  return {
    provider,
    packageName,
    ...(packageScope === undefined ? {} : { scope: packageScope }),
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
  };
}
