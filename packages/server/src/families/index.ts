import type { AnyRouteFamily } from './family.js';
import { nhostFamily } from './nhost/index.js';
import { strapiFamily } from './strapi/index.js';

/**
 * The route families a server speaks unless told otherwise (`families` of `createStowageHandler`).
 * Each line is one family: removing a family is removing its line (and its folder).
 */
export const defaultFamilies = [
  nhostFamily,
  strapiFamily,
] as const satisfies readonly AnyRouteFamily[];
