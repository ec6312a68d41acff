import { stowageVitestConfig } from '../../vitest.shared.js';

// The end-to-end test installs and tests a generated package: give it time on a cold pnpm store.
export default stowageVitestConfig({ test: { testTimeout: 120_000, hookTimeout: 600_000 } });
