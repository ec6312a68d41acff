import { stowageVitestConfig } from '../../vitest.shared.js';

// `pnpm test:cloud`: the contract against a real bucket (see cloud/contract.cloud.test.ts). No emulator.
const config = stowageVitestConfig({ test: { testTimeout: 180_000 } });
// mergeConfig concatenates arrays: replace the shared include instead of adding to it.
if (config.test) config.test.include = ['cloud/**/*.test.ts'];

export default config;
