/**
 * `create-stowage-provider`: generates a Stowage provider package. Run it with
 * `npm create stowage-provider@latest my-backend`; the functions below are the same steps for scripts.
 * @module
 */
export { parseCreateArgs, USAGE, type CreateArgs } from './args.js';
export { NameError, PACKAGE_PREFIX, providerNames, type ProviderNames } from './names.js';
export { run, type RunIo } from './run.js';
export { CORE_RANGE, scaffold, substitute, TargetNotEmptyError, TEMPLATE_DIR, type ScaffoldOptions } from './scaffold.js';
