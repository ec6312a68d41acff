import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { inject } from 'vitest';
import { createAzureProvider, type AzureProvider, type AzureProviderOptions } from '../src/index.js';

/** The HTTP Azurite started by the global setup. */
export const azurite = () => inject('azurite');

/** A fresh container name. */
export function containerName(label = 't'): string {
  return `${label}-${randomUUID().slice(0, 18)}`;
}

/** An SDK client of the HTTP Azurite, for checking what the provider did. */
export function sdkService(): BlobServiceClient {
  return BlobServiceClient.fromConnectionString(azurite().connectionString);
}

/** Creates a container through the SDK and returns its client. */
export async function freshContainer(label?: string): Promise<ContainerClient> {
  const container = sdkService().getContainerClient(containerName(label));
  await container.create();
  return container;
}

/** A provider on a fresh container of the HTTP Azurite, authenticated with the connection string. */
export async function freshProvider(extra: Partial<AzureProviderOptions> = {}): Promise<{ provider: AzureProvider; container: ContainerClient }> {
  const container = await freshContainer();
  const provider = await createAzureProvider({
    container: container.containerName,
    connectionString: azurite().connectionString,
    ...extra,
  } as AzureProviderOptions);
  return { provider, container };
}

/** Reads a stream to the end. */
export async function readAll(stream: Readable | NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Names of the committed blobs of a container. */
export async function blobNames(container: ContainerClient): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat()) names.push(blob.name);
  return names;
}
