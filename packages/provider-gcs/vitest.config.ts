import { stowageVitestConfig } from '../../vitest.shared.js';

// The emulator runs in a child process started once by the global setup (see test/global-setup.ts).
export default stowageVitestConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
  },
});
