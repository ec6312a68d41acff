import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CLAUSES, renderMarkdown, runContract, selectClauses, writeReport, type ConformanceReport } from '@stowage/core/testing/headless';
import { CliError, EXIT, type Command, type Io } from '../io.js';
import { readOptionsFile } from '../options-file.js';
import { loadSource, parseSource } from '../provider-source.js';

const USAGE = `Usage: stowage contract <provider> [--options <file.json>] [--report <dir>] [options]

Runs the Stowage contract kit against a provider, outside its own test setup, prints the conformance
table, and exits non-zero when a clause of a capability it declares fails. One line in any CI:

  npx @stowage/cli contract aws-s3 --options s3.json --report conformance

<provider>
  a short name          local → @stowage/provider-upload-local, then stowage-provider-upload-local
  a full package name   stowage-provider-upload-my-backend, @acme/stowage-provider-upload-x
  a path                ./dist/index.js, or a package directory (its build is loaded: build first)
  strapi:<package>      a Strapi upload provider (aws-s3 → @strapi/provider-upload-aws-s3, then
                        strapi-provider-upload-aws-s3), run through @stowage/strapi-providers (same as --strapi);
                        the options file then holds { providerOptions, actionOptions, baseUrl }

Options:
  --options <file.json>   the provider's options, as init() takes them. "\${NAME}" inside a string is
                          replaced by the environment variable NAME (keep secrets out of the file)
  --report <dir>          write <name>.json and <name>.md there
  --name <name>           the suite's name, used for the report files (default: the provider's name)
  --skip <id[=reason]>    skip a clause or a group (signedUrl); repeatable. STOWAGE_CONTRACT_SKIP adds more
  --only <id>             run only these clauses or groups; repeatable
  --json                  print the JSON report instead of the table
  --strapi                treat <provider> as a Strapi upload provider (see above)
  --cwd <dir>             resolve packages and paths from there (default: the current directory)
  -h, --help              show this help

Exit codes: 0 every clause run passed; 1 a clause failed (or the provider could not be created);
2 bad usage, unreadable options, or a provider that cannot be loaded.`;

interface ContractArgs {
  target: string;
  options?: string;
  report?: string;
  name?: string;
  skip: Record<string, string>;
  only: string[];
  json: boolean;
  strapi: boolean;
  cwd?: string;
}

function parse(argv: readonly string[]): ContractArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        options: { type: 'string' },
        report: { type: 'string' },
        name: { type: 'string' },
        skip: { type: 'string', multiple: true, default: [] },
        only: { type: 'string', multiple: true, default: [] },
        json: { type: 'boolean', default: false },
        strapi: { type: 'boolean', default: false },
        cwd: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new CliError(`expected one provider, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}\n\n${USAGE}`);
  const skip: Record<string, string> = {};
  for (const entry of values.skip) {
    const eq = entry.indexOf('=');
    const id = (eq === -1 ? entry : entry.slice(0, eq)).trim();
    if (id === '') throw new CliError(`--skip needs a clause id or group, got "${entry}"`);
    skip[id] = eq === -1 ? 'skipped on the command line' : entry.slice(eq + 1).trim();
  }
  return {
    target: positionals[0] ?? '',
    ...(values.options === undefined ? {} : { options: values.options }),
    ...(values.report === undefined ? {} : { report: values.report }),
    ...(values.name === undefined ? {} : { name: values.name }),
    skip,
    only: values.only,
    json: values.json,
    strapi: values.strapi,
    ...(values.cwd === undefined ? {} : { cwd: values.cwd }),
  };
}

/**
 * `stowage contract <provider>`: loads the provider, creates it from `--options`, runs every clause of the
 * kit headless (`runContract`), prints the table (or JSON), writes the report with `--report`, and exits
 * 1 when a clause failed.
 */
export const contractCommand: Command = {
  name: 'contract',
  summary: 'run the Stowage contract kit against a provider and print its conformance table',
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parse(argv);
    if (args === 'help') {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    const cwd = resolve(io.cwd, args.cwd ?? '.');
    const clauses = args.only.length === 0 ? CLAUSES : selectClauses(...args.only);
    if (clauses.length === 0) throw new CliError(`--only ${args.only.join(', ')} selects no clause; ids look like upload.roundtrip.1b or a group like read`);
    const providerOptions = args.options === undefined ? {} : await readOptionsFile(args.options, cwd, io.env);
    const definition = await loadSource(parseSource(args.target, { strapi: args.strapi }), cwd);
    const report = await runContract({
      name: args.name ?? definition.name,
      create: () => definition.init(providerOptions),
      skip: args.skip,
      clauses,
      env: io.env,
    });
    io.stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderMarkdown(report)}\n`);
    if (args.report !== undefined) {
      const written = await writeReport(report, resolve(cwd, args.report));
      io.stderr(`Report written to ${written.json} and ${written.markdown}\n`);
    }
    return summarize(report, io);
  },
};

function summarize(report: ConformanceReport, io: Io): number {
  if (report.provider === undefined) {
    const note = report.clauses.find((clause) => clause.status === 'failed')?.note ?? 'unknown error';
    io.stderr(`The provider could not be created: ${note.replace(/^provider could not be created: /, '')}\n`);
    return EXIT.failed;
  }
  const failed = report.clauses.filter((clause) => clause.status === 'failed');
  if (failed.length === 0) return EXIT.ok;
  io.stderr(`${failed.length} clause(s) failed: ${failed.map((clause) => clause.id).join(', ')}\n`);
  return EXIT.failed;
}
