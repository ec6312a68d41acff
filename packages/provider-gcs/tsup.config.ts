import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // The build resolves @stowage/core through its package (its dist), never its sources.
  tsconfig: 'tsconfig.build.json',
});
