import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The contract kit's largest clauses move 256 MiB; give them room on slow CI machines.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
