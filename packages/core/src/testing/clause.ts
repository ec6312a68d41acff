import type { Capability } from '../capabilities.js';
import type { Provider } from '../provider.js';

/** What a clause gets when it runs. */
export interface ClauseContext {
  /** The provider under test. */
  readonly provider: Provider;
  /** The run's random key prefix (`contract-<8 hex>/`); every key the kit writes lives under it. */
  readonly prefix: string;
  /**
   * A key of this clause's own: `<run prefix><clause id>/<name>`. Recorded, so the run deletes it at the end.
   */
  key(name: string): string;
  /** Records a key written outside {@link key} (a raw key a broken provider accepted), for cleanup. */
  track(key: string): void;
  /**
   * Ends the clause as skipped, with `reason`, for a condition only known at run time. Never a pass.
   * Throws: nothing after it runs.
   */
  skip(reason: string): never;
  /** Aborts when the clause times out or the run is cancelled. */
  readonly signal: AbortSignal;
}

/**
 * One checkable promise of the provider contract. Plain async code, independent of any test runner, so the
 * same clauses run headless (`runContract`) and under vitest (`runProviderContract`).
 */
export interface Clause {
  /** Stable id (`group.name`), used in reports and skip lists. */
  id: string;
  /** One line saying what is checked. */
  title: string;
  /** The capabilities the clause needs; without them it is skipped with the reason. */
  requires: Capability[];
  /** Milliseconds before the clause fails as timed out. @default 30000 */
  timeout?: number;
  /** Runs the check; throws (any error) to fail. */
  run(ctx: ClauseContext): Promise<void>;
}

/** The default time a clause may take. */
export const DEFAULT_CLAUSE_TIMEOUT = 30_000;

/** Thrown by {@link ClauseContext.skip}: ends a clause as skipped. */
export class ClauseSkipped extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`skipped: ${reason}`);
    this.name = 'ClauseSkipped';
    this.reason = reason;
  }
}

/** Whether `value` is a {@link ClauseSkipped}. */
export function isClauseSkipped(value: unknown): value is ClauseSkipped {
  return value instanceof ClauseSkipped;
}

/** Declares a clause (an identity function that keeps the object literal checked). */
export function defineClause(clause: Clause): Clause {
  return clause;
}
