import { stowageVitestConfig } from '../../vitest.shared.js';

export default stowageVitestConfig({
  test: {
    // Packs every public package, installs the tarballs in one scratch npm project and starts Ceph, once per run.
    globalSetup: ['./test/global-setup.ts'],
    // Each test drives npm, npx or a server in child processes; a cold npm cache makes installs slow.
    testTimeout: 300_000,
    // Cold: better-sqlite3 compiles from source during the scratch install.
    hookTimeout: 900_000,
  },
});
