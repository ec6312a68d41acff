import { defineConfig } from 'tsup';

// tsconfig.json maps workspace packages to their sources (for tsx and the typecheck); the build must
// import them as packages instead of bundling their sources.
const tsconfig = 'tsconfig.build.json';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    tsconfig,
    format: ['esm', 'cjs'],
    // The CommonJS build's empty import.meta is expected: sqlite-driver.ts uses __filename there.
    esbuildOptions(options) {
      options.logOverride = { ...options.logOverride, 'empty-import-meta': 'silent' };
    },
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    // The `stowage-server` bin (also `stowage serve` through @stowage/cli): ESM only, no types.
    entry: ['src/cli.ts'],
    tsconfig,
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
