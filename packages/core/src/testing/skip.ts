import type { Capability } from '../capabilities.js';
import type { Clause } from './clause.js';

/** The environment variable that adds skips: `id` or `id=reason`, comma-separated; an id may be a group prefix. */
export const SKIP_ENV = 'STOWAGE_CONTRACT_SKIP';

/** Clause ids or group prefixes (`signedUrl` matches `signedUrl.*`) mapped to the reason for skipping them. */
export type SkipMap = Readonly<Record<string, string>>;

/**
 * Parses `STOWAGE_CONTRACT_SKIP`: `id`, `id=reason`, separated by commas; blanks around entries are
 * ignored, an entry without reason gets an empty one. Reasons cannot contain commas.
 */
export function parseSkipEnv(value: string | undefined): Record<string, string> {
  const skips: Record<string, string> = {};
  for (const entry of (value ?? '').split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const id = (eq === -1 ? trimmed : trimmed.slice(0, eq)).trim();
    if (id === '') continue;
    skips[id] = eq === -1 ? '' : trimmed.slice(eq + 1).trim();
  }
  return skips;
}

/** Whether `pattern` (a clause id or a group prefix) selects the clause `id`. */
export function matchesClause(pattern: string, id: string): boolean {
  const p = pattern.endsWith('.*') ? pattern.slice(0, -2) : pattern;
  return id === p || id.startsWith(`${p}.`);
}

/** How skips are decided for one run. */
export interface SkipPlan {
  /** The provider's declared capabilities (unknown until it is created). */
  capabilities?: ReadonlySet<Capability>;
  /** Skips from the suite's options (`runProviderContract({ skip })`). */
  options?: SkipMap;
  /** Skips from the environment, already parsed. */
  env?: SkipMap;
}

/** Why `clause` is skipped by the static skip lists (options, then environment), or `undefined`. */
export function configuredSkipReason(clause: Pick<Clause, 'id'>, plan: SkipPlan): string | undefined {
  for (const [pattern, reason] of Object.entries(plan.options ?? {})) {
    if (matchesClause(pattern, clause.id)) return reason.trim() === '' ? 'skipped by the suite' : reason;
  }
  for (const [pattern, reason] of Object.entries(plan.env ?? {})) {
    if (matchesClause(pattern, clause.id)) return reason === '' ? `skipped by ${SKIP_ENV}` : `skipped by ${SKIP_ENV}: ${reason}`;
  }
  return undefined;
}

/** Why `clause` is skipped because the provider lacks a capability it requires, or `undefined`. */
export function capabilitySkipReason(clause: Pick<Clause, 'requires'>, capabilities: ReadonlySet<Capability>): string | undefined {
  const missing = clause.requires.filter((c) => !capabilities.has(c));
  return missing.length === 0 ? undefined : `provider does not declare ${missing.join(', ')}`;
}

/** Why `clause` is skipped, or `undefined` when it runs: missing capabilities first, then the skip lists. */
export function skipReason(clause: Pick<Clause, 'id' | 'requires'>, plan: SkipPlan): string | undefined {
  return (plan.capabilities && capabilitySkipReason(clause, plan.capabilities)) ?? configuredSkipReason(clause, plan);
}
