/**
 * `@stowage/core/testing/headless`: the contract kit without vitest. Everything of `@stowage/core/testing`
 * except the vitest binding `runProviderContract`, for runners of its own (the `stowage contract` CLI) that
 * must not need vitest installed.
 * @module
 */
export type { Clause, ClauseContext } from './clause.js';
export { ClauseSkipped, DEFAULT_CLAUSE_TIMEOUT, defineClause, isClauseSkipped } from './clause.js';
export { CLAUSES, selectClauses } from './clauses/index.js';
export { SPECIAL_KEY_NAMES, TRAVERSAL_KEYS } from './clauses/keys.js';
export { signedUploadRequest } from './clauses/signed-upload.js';
export type { Digest, GeneratedStream, GenerateStreamOptions, WatchedBody } from './data.js';
export { ByteGenerator, digestBytes, digestOf, digestStream, failingStream, generateBytes, generateStream, generateWebStream, readBytes, watchedBody } from './data.js';
export { describeError, expectAbsent, expectCode, expectEqual, expectSame, expectStored, fail, within } from './assert.js';
export { measureUploadMemory, type MemoryMeasure } from './memory.js';
export type { ClauseOutcome, ClauseStatus, ConformanceReport } from './report.js';
export { renderMarkdown, slugify, writeReport } from './report.js';
export { runContract } from './run-contract.js';
export type { ContractOptions, CreateContext } from './session.js';
export { matchesClause, parseSkipEnv, SKIP_ENV, type SkipMap, skipReason } from './skip.js';
