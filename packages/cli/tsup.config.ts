import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    shims: true,
    // The CommonJS shims tsup injects would be listed in the map by a path outside the package.
    esbuildOptions(options, { format }) {
      if (format === 'cjs') options.sourcemap = false;
    },
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
  },
  {
    entry: ['src/bin.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
