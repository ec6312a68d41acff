import { fileURLToPath } from 'node:url';
import { stowageVitestConfig } from '../../vitest.shared.js';

export default stowageVitestConfig({
  resolve: {
    // The shared config aliases core's root and /testing entries; the CLI uses the vitest-free one.
    alias: [{ find: /^@stowage\/core\/testing\/headless$/, replacement: fileURLToPath(new URL('../core/src/testing/headless.ts', import.meta.url)) }],
  },
  // Each test runs the whole contract kit in a child process.
  test: { testTimeout: 180_000 },
});
