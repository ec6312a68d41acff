import { defineConfig } from 'tsup';

// The targets run as plain JavaScript: a TypeScript loader in their process would add its own
// memory (tens of MiB) to every peak RSS measured.
export default defineConfig({
  entry: { entry: 'src/servers/entry.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // Not dist/: workspace-wide cleans of dist/ must not pull the targets from under a run.
  outDir: '.targets',
  // Without the workspace's source paths: the targets load the packages' builds, as users do.
  tsconfig: 'tsconfig.build.json',
  clean: true,
  silent: true,
});
