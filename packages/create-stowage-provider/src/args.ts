import { parseArgs } from 'node:util';

/** What the command line asked for. */
export interface CreateArgs {
  /** The positional name, when given. */
  name?: string;
  scope?: string;
  dir?: string;
  /** `--core <spec>`: the `@stowage/core` dependency spec (a range, or `file:` for unreleased builds). */
  core?: string;
  yes: boolean;
  help: boolean;
  version: boolean;
}

/** Usage text of `create-stowage-provider`. */
export const USAGE = `Usage: npm create stowage-provider@latest [name] [options]
       pnpm create stowage-provider [name] [options]

Generates a Stowage provider package that passes the contract kit before you change a line.

  name             my-backend, stowage-provider-upload-my-backend or @acme/stowage-provider-upload-my-backend
                   (package: stowage-provider-upload-<name>, or @scope/stowage-provider-upload-<name>)

Options:
  --scope <scope>  publish under an npm scope (@acme/stowage-provider-upload-<name>)
  --dir <path>     where to create the package (default: ./stowage-provider-upload-<name>);
                   it must be missing or empty
  --core <spec>    the @stowage/core dependency (default: the current release range)
  -y, --yes        never prompt: take defaults, fail on anything missing
  -h, --help       show this help
  -v, --version    show the version

Without --yes, on a terminal, it asks for what is missing.`;

/**
 * Parses `argv` (without `node` and the script).
 * @throws TypeError (from `parseArgs`) on an unknown option or a missing value.
 */
export function parseCreateArgs(argv: readonly string[]): CreateArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      scope: { type: 'string' },
      dir: { type: 'string' },
      core: { type: 'string' },
      yes: { type: 'boolean', short: 'y', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (positionals.length > 1) throw new TypeError(`Expected one name, got ${positionals.length}: ${positionals.join(' ')}`);
  return {
    ...(positionals[0] === undefined ? {} : { name: positionals[0] }),
    ...(values.scope === undefined ? {} : { scope: values.scope }),
    ...(values.dir === undefined ? {} : { dir: values.dir }),
    ...(values.core === undefined ? {} : { core: values.core }),
    yes: values.yes,
    help: values.help,
    version: values.version,
  };
}
