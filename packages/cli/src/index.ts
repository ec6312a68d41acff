/**
 * `@stowage/cli`: the `stowage` command. Run `stowage contract <provider>` to test any provider against the
 * contract kit from CI. The exports are the same commands for scripts and for embedding in other CLIs.
 * @module
 */
export { contractCommand } from './commands/contract.js';
export { CliError, EXIT, type Command, type Io } from './io.js';
export { COMMANDS, main } from './main.js';
export { expandEnv, readOptionsFile } from './options-file.js';
export { LOADERS, loadSource, parseSource, type ProviderSource, type SourceKind, type SourceLoader } from './provider-source.js';
