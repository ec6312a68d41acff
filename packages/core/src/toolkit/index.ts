// The provider toolkit: the rules every provider follows, written once.
export * from './metadata-rule.js';
export * from './range-header.js';
export * from './resolve-range.js';
export type { RuleContext } from './rule-error.js';
export * from './upload-input.js';
export * from './resumable.js';
