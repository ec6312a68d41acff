import type { Provider } from '@stowage/core';
import type { Logger } from 'pino';
import { createAuth } from './auth/authenticate.js';
import { parseConfig } from './config/parse-config.js';
import { bucketSchema, type StowageConfig, type StowageConfigInput } from './config/schema.js';
import type { ResolveUser, StowageContext } from './context.js';
import type { AnyRouteFamily, MountedFamily } from './families/family.js';
import { defaultFamilies } from './families/index.js';
import { familyMigrations, mountFamilies } from './families/mount-families.js';
import { LinkSigner } from './files/link-signer.js';
import { ImageVariants } from './images/image-variants.js';
import { VariantStore } from './images/variant-store.js';
import { createBufferRelease } from './http/buffer-release.js';
import { createLogger } from './logger.js';
import { closeBackends, createBackends } from './backends/create-backends.js';
import { createStore } from './store/create-store.js';
import type { FileStore } from './store/file-store.js';

/** What the handler is built from; everything but `config` is for programmatic use and tests. */
export interface StowageOptions {
  /** The configuration (validated here; see `StowageConfigInput`). */
  config?: StowageConfigInput | StowageConfig;
  /** A ready provider instance, instead of `config.provider`. */
  provider?: Provider;
  /** A ready store, instead of `config.database`. */
  store?: FileStore;
  logger?: Logger;
  /** Who makes a request, instead of `auth.jwt`; see {@link ResolveUser}. */
  resolveUser?: ResolveUser;
  /** Where relative paths and provider packages resolve from. @default process.cwd() */
  cwd?: string;
  /**
   * The route families to speak, e.g. `[nhostFamily]` for the files API alone: their configuration
   * sections, migrations, stores and routes. @default defaultFamilies (Nhost's files API and Strapi's `/upload`)
   */
  families?: readonly AnyRouteFamily[];
}

/**
 * Validates the configuration, creates and checks the provider, opens and migrates the store and
 * writes the configured buckets (`default` always exists).
 * @throws `INVALID_OPTIONS` naming the setting, or the provider's check error.
 */
export async function createContext(options: StowageOptions = {}): Promise<StowageContext> {
  const families = options.families ?? defaultFamilies;
  const config = parseConfig(options.config ?? {}, 'configuration', families);
  const migrations = familyMigrations(families);
  const logger = options.logger ?? createLogger(config.logLevel);
  const cwd = options.cwd ?? process.cwd();
  const backends = await createBackends(config, cwd, options.provider);
  const provider = backends.server.provider;
  const store = options.store ?? createStore(config.database);
  let auth;
  try {
    auth = await createAuth(config, options.resolveUser);
    const { dormant } = await store.migrate(migrations);
    if (dormant.length > 0) logger.warn({ migrations: dormant }, 'the database has migrations of route families not composed now; their tables are kept');
    const buckets = { default: bucketSchema.parse({}), ...config.buckets };
    // A bucket's own provider is configuration only: its options (credentials) never reach the database.
    for (const [id, { provider: _provider, providerOptions: _options, images: _images, ...settings }] of Object.entries(buckets)) await store.upsertBucket({ id, ...settings });
  } catch (error) {
    await store.close().catch(() => undefined);
    await closeBackends(backends);
    throw error;
  }
  if (config.signingSecret === undefined) {
    logger.warn('no signingSecret configured: presigned links signed by this server stop working when it restarts and are not valid on other instances');
  }
  if (auth.mode === 'off') logger.warn('no auth configured (auth.jwt or a resolveUser hook): every bucket rule defaults to public; the standalone server listens on 127.0.0.1 only, a mounted handler is open to whoever reaches it');
  const own = backends.all().filter((backend) => backend.id !== null);
  logger.info({ provider: provider.name, ...(own.length === 0 ? {} : { bucketProviders: Object.fromEntries(own.map((b) => [b.id, b.provider.name])) }), database: store.dialect, families: families.map((f) => f.name), buckets: (await store.listBuckets()).map((b) => b.id) }, 'stowage ready');
  const mounted: MountedFamily[] = [];
  const context: StowageContext = {
    config,
    provider,
    backends,
    store,
    logger,
    signer: new LinkSigner(config.signingSecret),
    auth,
    resolveUser: async (req) => (await auth.authenticate(req)).userId,
    buffers: createBufferRelease(config.releaseBuffersEvery),
    images: new ImageVariants(new VariantStore(store.db), config.images),
    families: mounted,
  };
  // Families mount over the finished context (their routes keep it), which then lists them.
  mounted.push(...mountFamilies(context, store, families));
  return context;
}
