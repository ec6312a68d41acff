import { supports, type Provider } from '@stowage/core';
import type { StowageConfig } from '../config/schema.js';
import { Backends, type Backend } from './backends.js';
import { checkProvider, createConfiguredProvider } from './resolve-provider.js';

/**
 * Creates and checks the server-wide provider (or takes the injected one) and every bucket's own
 * (`buckets.<id>.provider`). Nothing is left open when one fails.
 * @throws `INVALID_OPTIONS` naming the setting (`buckets.videos.providerOptions`), or a provider's check error.
 */
export async function createBackends(config: StowageConfig, cwd: string, injected?: Provider): Promise<Backends> {
  const created: Backend[] = [];
  try {
    const server: Backend = { id: null, provider: injected ?? (await createConfiguredProvider(config, cwd)), options: config.providerOptions };
    created.push(server);
    for (const [id, bucket] of Object.entries(config.buckets)) {
      if (bucket.provider === undefined) continue;
      const choice = { provider: bucket.provider, providerOptions: bucket.providerOptions };
      created.push({ id, provider: await createConfiguredProvider(config, cwd, choice, `buckets.${id}.`), options: bucket.providerOptions });
    }
    for (const backend of created) await checkOne(backend);
    return new Backends(server, created.slice(1));
  } catch (error) {
    await Promise.all(created.map((backend) => closeOne(backend)));
    throw error;
  }
}

/** Closes every backend's provider that holds resources (`close`). */
export async function closeBackends(backends: Backends): Promise<void> {
  await Promise.all(backends.all().map((backend) => closeOne(backend)));
}

async function checkOne(backend: Backend): Promise<void> {
  try {
    await checkProvider(backend.provider);
  } catch (error) {
    if (backend.id === null || !(error instanceof Error)) throw error;
    error.message = `buckets.${backend.id}.provider: ${error.message}`;
    throw error;
  }
}

async function closeOne(backend: Backend): Promise<void> {
  if (supports(backend.provider, 'close')) await backend.provider.close().catch(() => undefined);
}
