import { stowageVitestConfig } from '../../vitest.shared.js';

export default stowageVitestConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
  },
});
