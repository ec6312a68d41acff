import { randomBytes } from 'node:crypto';
import { supports } from '../capabilities.js';
import type { Provider } from '../provider.js';
import { describeError } from './assert.js';
import { type Clause, type ClauseContext, ClauseSkipped, DEFAULT_CLAUSE_TIMEOUT, isClauseSkipped } from './clause.js';
import { CLAUSES } from './clauses/index.js';
import { buildReport, type ClauseOutcome, type ConformanceReport, cleanNote } from './report.js';
import { capabilitySkipReason, configuredSkipReason, parseSkipEnv, SKIP_ENV, type SkipMap } from './skip.js';

/** What `create` is told. */
export interface CreateContext {
  /** The run's random key prefix (`contract-<8 hex>/`). The kit already puts every key under it. */
  prefix: string;
}

/** Options shared by `runContract` and `runProviderContract`. */
export interface ContractOptions<P extends Provider = Provider> {
  /** The suite's name; also the report's file name, slugified. */
  name: string;
  /** Creates the provider under test. */
  create(ctx: CreateContext): P | Promise<P>;
  /** Runs after the kit has deleted its keys and closed the provider. */
  cleanup?(provider: P): void | Promise<void>;
  /** Clause ids or group prefixes to skip, with the reason shown in the report. */
  skip?: SkipMap;
  /** The clauses to run, in report order. @default every clause of the kit */
  clauses?: readonly Clause[];
  /** Where `STOWAGE_CONTRACT_SKIP` is read from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A clause that ended, with the error when it failed. */
export interface Execution {
  outcome: ClauseOutcome;
  error?: unknown;
}

/** One contract run: the prefix, the provider, the keys written and the outcomes. Shared by both runners. */
export class ContractSession<P extends Provider = Provider> {
  readonly prefix = `contract-${randomBytes(4).toString('hex')}/`;
  readonly clauses: readonly Clause[];
  provider: P | undefined;
  createError: unknown;
  readonly #options: ContractOptions<P>;
  readonly #envSkips: SkipMap;
  readonly #written = new Set<string>();
  readonly #outcomes = new Map<string, ClauseOutcome>();

  constructor(options: ContractOptions<P>) {
    this.#options = options;
    this.clauses = options.clauses ?? CLAUSES;
    this.#envSkips = parseSkipEnv((options.env ?? process.env)[SKIP_ENV]);
  }

  /** Creates the provider; a failure is kept (every clause then fails with it), not thrown. */
  async open(): Promise<void> {
    try {
      const provider = await this.#options.create({ prefix: this.prefix });
      if (typeof provider !== 'object' || provider === null) throw new TypeError(`create() returned ${String(provider)}, not a provider`);
      this.provider = provider;
    } catch (error) {
      this.createError = error;
    }
  }

  /** The skip from the suite's options or the environment, known before the provider exists. */
  configuredSkip(clause: Clause): string | undefined {
    return configuredSkipReason(clause, { ...(this.#options.skip ? { options: this.#options.skip } : {}), env: this.#envSkips });
  }

  /** Records an outcome decided outside {@link execute} (a configured skip). */
  record(clause: Clause, status: ClauseOutcome['status'], note?: string): ClauseOutcome {
    const outcome: ClauseOutcome = { id: clause.id, title: clause.title, status, ...(note === undefined ? {} : { note: cleanNote(note) }) };
    this.#outcomes.set(clause.id, outcome);
    return outcome;
  }

  /** Runs one clause with its skips and timeout; never throws. */
  async execute(clause: Clause): Promise<Execution> {
    const configured = this.configuredSkip(clause);
    if (configured !== undefined) return { outcome: this.record(clause, 'skipped', configured) };
    const provider = this.provider;
    if (provider === undefined) {
      const error = this.createError ?? new Error('the provider was not created');
      return { outcome: this.record(clause, 'failed', `provider could not be created: ${describeError(error)}`), error };
    }
    const missing = capabilitySkipReason(clause, provider.capabilities);
    if (missing !== undefined) return { outcome: this.record(clause, 'skipped', missing) };
    const timeout = clause.timeout ?? DEFAULT_CLAUSE_TIMEOUT;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`timed out after ${timeout} ms`);
        controller.abort(error);
        reject(error);
      }, timeout);
    });
    try {
      await Promise.race([clause.run(this.#context(clause, provider, controller.signal)), timedOut]);
      return { outcome: this.record(clause, 'passed') };
    } catch (error) {
      if (isClauseSkipped(error)) return { outcome: this.record(clause, 'skipped', error.reason), error };
      return { outcome: this.record(clause, 'failed', describeError(error)), error };
    } finally {
      clearTimeout(timer);
    }
  }

  #context(clause: Clause, provider: P, signal: AbortSignal): ClauseContext {
    const written = this.#written;
    return {
      provider,
      prefix: this.prefix,
      signal,
      key: (name) => {
        const key = `${this.prefix}${clause.id}/${name}`;
        written.add(key);
        return key;
      },
      track: (key) => void written.add(key),
      skip: (reason) => {
        throw new ClauseSkipped(reason);
      },
    };
  }

  /**
   * Whether every clause has an outcome (or the provider could not be created, which decides them all).
   * False after a filtered vitest run (`-t`, `--bail`): such a report must not replace a full one.
   */
  complete(): boolean {
    return this.createError !== undefined || this.clauses.every((clause) => this.#outcomes.has(clause.id));
  }

  /**
   * The report so far. A clause without an outcome failed if the provider could not be created, and is
   * otherwise reported skipped as not run (filtered out of a vitest run).
   */
  report(): ConformanceReport {
    const outcomes = this.clauses.map(
      (clause): ClauseOutcome =>
        this.#outcomes.get(clause.id) ??
        (this.createError === undefined
          ? { id: clause.id, title: clause.title, status: 'skipped', note: 'not run (filtered out of this test run)' }
          : { id: clause.id, title: clause.title, status: 'failed', note: cleanNote(`provider could not be created: ${describeError(this.createError)}`) }),
    );
    return buildReport(this.#options.name, this.provider?.name, this.provider?.capabilities ?? [], outcomes);
  }

  /**
   * Best effort: deletes every key the kit wrote (and, with `list`, anything left under the run prefix),
   * closes the provider when it declares `close`, then runs the suite's `cleanup`. Never throws.
   */
  async close(): Promise<void> {
    const provider = this.provider;
    if (provider === undefined) return;
    const keys = [...this.#written];
    if (supports(provider, 'list')) {
      try {
        for await (const item of provider.list({ prefix: this.prefix })) keys.push(item.key);
      } catch {
        // Listing is only a second net; the recorded keys were enough.
      }
    }
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += 8) {
      await Promise.all(unique.slice(i, i + 8).map((key) => provider.delete(key).catch(() => {})));
    }
    if (supports(provider, 'close')) await provider.close().catch(() => {});
    try {
      await this.#options.cleanup?.(provider);
    } catch {
      // Cleanup failures must not hide the report.
    }
  }
}
