import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseCreateArgs, USAGE, type CreateArgs } from './args.js';
import { NameError, providerNames, type ProviderNames } from './names.js';
import type { Ask } from './prompt.js';
import { scaffold, TargetNotEmptyError } from './scaffold.js';

/** Where {@link run} reads and writes; the real process by default. */
export interface RunIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Asks a question; absent when not on a terminal (then nothing is asked). */
  ask?: Ask;
}

/**
 * The `create-stowage-provider` command: parses `argv`, asks for what is missing (only with `io.ask`
 * and without `--yes`), validates the name and generates the package. Returns the exit code: 0 done,
 * 1 refused (bad name, non-empty directory), 2 bad usage.
 */
export async function run(argv: readonly string[], io: RunIo): Promise<number> {
  let args: CreateArgs;
  try {
    args = parseCreateArgs(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.version) {
    io.stdout(`${ownVersion()}\n`);
    return 0;
  }
  const ask = args.yes ? undefined : io.ask;
  let name = args.name;
  let scope = args.scope;
  if (name === undefined && ask !== undefined) {
    name = await ask('Provider name (lower-case, dashes), e.g. my-backend');
    if (scope === undefined && !name.startsWith('@')) scope = (await ask('npm scope, if any (e.g. @acme)', 'none')).replace(/^none$/, '');
  }
  if (name === undefined || name === '') {
    io.stderr(`A provider name is required.\n\n${USAGE}\n`);
    return 2;
  }
  let names: ProviderNames;
  try {
    names = providerNames(name, scope);
  } catch (error) {
    if (error instanceof NameError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  let dir = args.dir ?? names.packageName.replace(/^@[^/]+\//, '');
  if (args.dir === undefined && ask !== undefined) dir = await ask('Directory', dir);
  const target = resolve(io.cwd, dir);
  let files: string[];
  try {
    files = await scaffold({ names, dir: target, ...(args.core === undefined ? {} : { coreSpec: args.core }) });
  } catch (error) {
    if (error instanceof TargetNotEmptyError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const relativeTarget = relative(io.cwd, target);
  const shown = relativeTarget === '' ? '.' : relativeTarget.startsWith('..') ? target : relativeTarget;
  io.stdout(
    [
      `Created ${names.packageName} (provider "${names.provider}") in ${shown}: ${files.length} files.`,
      '',
      'Next:',
      `  cd ${shown}`,
      '  pnpm install',
      '  pnpm test        # the contract kit; the README gets the conformance table',
      '',
      'Then replace the directory store in src/ with your backend, one operation per file, and keep the kit green.',
      '',
    ].join('\n'),
  );
  return 0;
}

function ownVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
