import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const packages = fileURLToPath(new URL('./packages/', import.meta.url));

/**
 * The vitest config every package extends. Workspace packages resolve to their sources, so tests never
 * need a build first.
 */
export function stowageVitestConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineConfig({
      resolve: {
        alias: [
          { find: /^@stowage\/core\/testing\/headless$/, replacement: `${packages}core/src/testing/headless.ts` },
          { find: /^@stowage\/core\/testing$/, replacement: `${packages}core/src/testing/index.ts` },
          { find: /^@stowage\/core$/, replacement: `${packages}core/src/index.ts` },
          { find: /^@stowage\/strapi-providers$/, replacement: `${packages}strapi-providers/src/index.ts` },
          { find: /^@stowage\/provider-upload-local$/, replacement: `${packages}provider-local/src/index.ts` },
          { find: /^@stowage\/provider-upload-aws-s3$/, replacement: `${packages}provider-aws-s3/src/index.ts` },
          { find: /^@stowage\/provider-upload-azure$/, replacement: `${packages}provider-azure/src/index.ts` },
          { find: /^@stowage\/provider-upload-gcs$/, replacement: `${packages}provider-gcs/src/index.ts` },
        ],
      },
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 60_000,
        hookTimeout: 180_000,
        reporters: ['default'],
      },
    }),
    overrides,
  );
}
