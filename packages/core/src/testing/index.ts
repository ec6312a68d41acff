/**
 * `@stowage/core/testing`: the contract test kit. Every provider proves itself with it:
 *
 * ```ts
 * import { runProviderContract } from '@stowage/core/testing';
 * runProviderContract({ name: 'local', create: () => local.init({ root }) });
 * ```
 *
 * The clauses are plain async functions, so `runContract` runs the same contract without a test runner.
 * Every key the kit writes lives under a fresh `contract-<8 hex>/` prefix and is deleted at the end.
 *
 * Readings of the contract the clauses commit to:
 * - a listing prefix is a plain string prefix (`p/a` selects `p/ab/…` too), never a folder;
 * - an upload that fails (abort, source error, size, maxSize, checksum) leaves nothing at a new key and the
 *   old object intact at an existing one;
 * - byte ranges follow HTTP: `end` inclusive and clamped, `suffix` the last bytes, `start >= size` or an
 *   empty suffix `INVALID_RANGE` (core's `resolveRange`);
 * - user metadata follows core's `checkMetadata`: the names and the size it allows are stored and returned
 *   unchanged, everything else is refused with `INVALID_INPUT`;
 * - signed URLs are fetched with plain `fetch`; refused means a 4xx, not a 5xx.
 * @module
 */
export * from './headless.js';
export { type ProviderContractOptions, runProviderContract } from './run-provider-contract.js';
