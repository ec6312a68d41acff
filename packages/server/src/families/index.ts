import type { AnyRouteFamily } from './family.js';
import { directFamily } from './direct/index.js';
import { nhostFamily } from './nhost/index.js';
import { strapiFamily } from './strapi/index.js';
import { tusFamily } from './tus/index.js';

export type { AnyRouteFamily, ConfigShape, FamilyMount, FileHooks, MountedFamily, OpenApiPart, RouteFamily } from './family.js';
export { nhostFamily } from './nhost/index.js';
export { directFamily, directConfigSchema, DirectStore, type DirectConfig, type PendingUpload } from './direct/index.js';
export { tusFamily } from './tus/index.js';
export { strapiFamily, strapiStoreOf, StrapiStore, strapiConfigSchema, type StrapiConfig, type StrapiContext } from './strapi/index.js';

/**
 * The route families a server speaks unless told otherwise (`families` of `createStowageHandler`).
 * The lines naming a family are all it takes here: removing its folder and those lines leaves a
 * server without it (test/families-removable.test.ts proves it for Strapi's).
 */
export const defaultFamilies = [
  nhostFamily,
  directFamily,
  strapiFamily,
  tusFamily,
] as const satisfies readonly AnyRouteFamily[];
