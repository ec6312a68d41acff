import { isTokenCredential, type TokenCredential } from '@azure/core-auth';
import {
  AnonymousCredential,
  BlobServiceClient,
  ContainerClient,
  StorageSharedKeyCredential,
  type PipelineLike,
  type StoragePipelineOptions,
} from '@azure/storage-blob';
import { StowageError } from '@stowage/core';
import { PROVIDER } from './errors.js';
import type { ResolvedAzureOptions } from './options.js';

/** How this provider can sign URLs, decided by the credential it authenticates with. */
export type Signer =
  /** An account key: service SAS. */
  | { kind: 'key'; credential: StorageSharedKeyCredential }
  /** A token credential: user-delegation SAS, with a key fetched from the service. */
  | { kind: 'delegation'; service: BlobServiceClient }
  /** A SAS token or anonymous access: cannot sign; `reason` says why. */
  | { kind: 'none'; reason: string };

/** The container client and signer built from validated options. */
export interface AzureClients {
  container: ContainerClient;
  signer: Signer;
}

/**
 * Builds the container client from exactly one auth form. Messages name the option and never include
 * its value: every one of them may be a secret.
 * @throws `INVALID_OPTIONS`.
 */
export function createClients(options: ResolvedAzureOptions): AzureClients {
  const pipeline = options.clientOptions ?? {};
  const container = containerClientOf(options, pipeline);
  return { container, signer: signerOf(container) };
}

function containerClientOf(options: ResolvedAzureOptions, pipeline: StoragePipelineOptions): ContainerClient {
  if (options.containerClient !== undefined) return options.containerClient;
  // The schema guarantees `container` whenever no client is injected.
  const name = options.container as string;
  if (options.connectionString !== undefined) {
    checkConnectionString(options.connectionString);
    try {
      return BlobServiceClient.fromConnectionString(options.connectionString, pipeline).getContainerClient(name);
    } catch {
      // The SDK's message may quote the connection string: do not keep it as the cause.
      throw invalid('connectionString', 'is not a valid Azure Storage connection string (expected AccountName=…;AccountKey=…, a SAS connection string or UseDevelopmentStorage=true)');
    }
  }
  const endpoint = (options.endpoint ?? `https://${options.accountName}.blob.core.windows.net`).replace(/\/+$/, '');
  const url = `${endpoint}/${name}`;
  if (options.accountKey !== undefined) {
    return new ContainerClient(url, new StorageSharedKeyCredential(options.accountName as string, options.accountKey), pipeline);
  }
  if (options.sasToken !== undefined) {
    const sas = options.sasToken.replace(/^\?/, '');
    return new ContainerClient(`${url}?${sas}`, new AnonymousCredential(), pipeline);
  }
  return new ContainerClient(url, options.credential as TokenCredential, pipeline);
}

function signerOf(container: ContainerClient): Signer {
  const credential = container.credential;
  if (credential instanceof StorageSharedKeyCredential) return { kind: 'key', credential };
  if (isTokenCredential(credential)) {
    // The container client's own pipeline (protected in the SDK's types, public at runtime since v12),
    // so that its TLS, proxy and retry settings, injected or not, also apply to the delegation-key request.
    const { pipeline } = container as unknown as { pipeline: PipelineLike };
    return { kind: 'delegation', service: new BlobServiceClient(serviceUrlOf(container.url), pipeline) };
  }
  return {
    kind: 'none',
    reason: 'the provider authenticates with a SAS token (or anonymously), which cannot sign new URLs; use an account key or a TokenCredential',
  };
}

// The blob service URL is the container URL without its last path segment and without any SAS.
function serviceUrlOf(containerUrl: string): string {
  const url = new URL(containerUrl);
  url.search = '';
  url.pathname = url.pathname.replace(/\/[^/]*\/?$/, '') || '/';
  return url.toString().replace(/\/$/, '');
}

function checkConnectionString(value: string): void {
  if (/^\s*UseDevelopmentStorage=true/i.test(value)) return;
  const parts = new Map<string, string>();
  for (const part of value.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const key = parts.get('accountkey');
  if (key !== undefined) {
    if (!parts.get('accountname')) throw invalid('connectionString', 'has an AccountKey but no AccountName');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) throw invalid('connectionString', 'has an AccountKey that is not base64');
    return;
  }
  if (parts.has('sharedaccesssignature')) {
    if (!parts.get('blobendpoint')) throw invalid('connectionString', 'has a SharedAccessSignature but no BlobEndpoint');
    return;
  }
  throw invalid('connectionString', 'has neither AccountName + AccountKey nor SharedAccessSignature');
}

function invalid(option: string, problem: string): StowageError {
  return new StowageError('INVALID_OPTIONS', `Invalid options for provider "${PROVIDER}": ${option}: ${problem}`, { provider: PROVIDER });
}
