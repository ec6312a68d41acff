import type { StowageContext } from '../../context.js';
import type { StrapiConfig } from './config.js';
import type { StrapiStore } from './store/strapi-store.js';

/** What the Strapi family's routes need: the server's context, with the family's settings and store. */
export interface StrapiContext extends StowageContext {
  readonly strapi: {
    /** The `strapi` section of the configuration, with defaults applied. */
    readonly config: StrapiConfig;
    /** Strapi's tables (migration `0002_strapi`). */
    readonly store: StrapiStore;
  };
}

/**
 * The Strapi family's store on a running server (tests and tools read Strapi's rows through it).
 * @throws when the server was composed without the Strapi family.
 */
export function strapiStoreOf(context: StowageContext): StrapiStore {
  const mounted = context.families.find((f) => f.family.name === 'strapi');
  if (mounted === undefined) throw new Error('The server was composed without the Strapi family');
  return mounted.store as StrapiStore;
}
