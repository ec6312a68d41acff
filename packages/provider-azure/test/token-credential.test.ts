import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:https';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential, CredentialUnavailableError } from '@azure/identity';
import type { StoragePipelineOptions } from '@azure/storage-blob';
import { isStowageError } from '@stowage/core';
import { describe, expect, inject, it } from 'vitest';
import { createAzureProvider, type AzureProvider } from '../src/index.js';
import { containerName, readAll } from './helpers.js';

// Azurite's "basic" OAuth checks a token's dates, issuer and audience but not its signature (it cannot
// know Entra ID's keys): this credential plays Entra ID with a token signed by a throw-away secret.
function fakeEntraCredential(claims: Record<string, unknown> = {}): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(scope: string | string[]): Promise<AccessToken> {
      scopes.push(...[scope].flat());
      const now = Math.floor(Date.now() / 1000);
      const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
      const payload = {
        aud: 'https://storage.azure.com',
        iss: `https://sts.windows.net/${tenant}/`,
        iat: now - 60,
        nbf: now - 60,
        exp: now + 3600,
        oid: '11111111-2222-3333-4444-555555555555',
        tid: tenant,
        ...claims,
      };
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
      const signature = createHmac('sha256', randomUUID()).update(unsigned).digest('base64url');
      return { token: `${unsigned}.${signature}`, expiresOnTimestamp: (now + 3600) * 1000 };
    },
  };
}

/** A plain HTTPS request that trusts Azurite's self-signed certificate (as a browser would trust a real one). */
function httpsRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, ca: inject('azuriteHttps').ca }, (res) => {
      readAll(res).then((body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }), reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

async function tokenProvider(credential: TokenCredential): Promise<AzureProvider> {
  const { endpoint, ca } = inject('azuriteHttps');
  return createAzureProvider({
    container: containerName('oauth'),
    credential,
    endpoint,
    createContainerIfMissing: true,
    // `tlsOptions` reaches the SDK's core pipeline: trust the test certificate without disabling checks.
    clientOptions: { tlsOptions: { ca } } as StoragePipelineOptions,
  });
}

describe('a TokenCredential (Entra ID) against Azurite over HTTPS with OAuth', () => {
  it('authenticates every operation with bearer tokens for the storage scope', async () => {
    const credential = fakeEntraCredential();
    const provider = await tokenProvider(credential);
    await provider.check();
    await provider.upload({ key: 'a/b.txt', body: Buffer.from('token auth'), contentType: 'text/plain' });
    expect((await readAll((await provider.read('a/b.txt')).body)).toString()).toBe('token auth');
    await provider.copy('a/b.txt', 'a/c.txt');
    expect((await provider.listPage({ prefix: 'a/' })).items.map((item) => item.key)).toEqual(['a/b.txt', 'a/c.txt']);
    expect(await provider.exists('a/c.txt')).toBe(true);
    expect(credential.scopes).toContain('https://storage.azure.com/.default');
  });

  it('signs read URLs as user-delegation SAS that a plain client can use', async () => {
    const provider = await tokenProvider(fakeEntraCredential());
    await provider.upload({ key: 'report.csv', body: Buffer.from('a,b\n1,2\n'), contentType: 'text/csv' });
    const signed = await provider.signedUrl('report.csv', { expiresIn: 120, contentDisposition: 'attachment; filename="r.csv"' });
    const url = new URL(signed.url);
    // A user-delegation SAS names the delegating identity (skoid/sktid) and the key's validity.
    expect(url.searchParams.get('skoid')).toBe('11111111-2222-3333-4444-555555555555');
    expect(url.searchParams.get('sktid')).toBeTruthy();
    expect(url.searchParams.get('sp')).toBe('r');
    const response = await httpsRequest(signed.url);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('a,b\n1,2\n');
    expect(response.headers['content-disposition']).toBe('attachment; filename="r.csv"');
    url.searchParams.set('rscd', 'inline');
    expect((await httpsRequest(url.toString())).status).toBe(403);
  });

  it('signs uploads as user-delegation SAS PUT URLs', async () => {
    const provider = await tokenProvider(fakeEntraCredential());
    const upload = await provider.signedUpload('from-browser.txt', { maxSize: 100, contentType: 'text/plain' });
    const response = await httpsRequest(upload.url, { method: 'PUT', headers: upload.headers, body: Buffer.from('sent by a browser') });
    expect(response.status).toBe(201);
    const stat = await provider.stat('from-browser.txt');
    expect(stat).toMatchObject({ size: 17, contentType: 'text/plain' });
  });

  it('signs with a user-delegation key through an injected ContainerClient, reusing its pipeline', async () => {
    const owner = await tokenProvider(fakeEntraCredential());
    await owner.upload({ key: 'x.txt', body: Buffer.from('injected') });
    const injected = await createAzureProvider({ containerClient: owner.containerClient });
    const { url } = await injected.signedUrl('x.txt');
    expect(new URL(url).searchParams.get('skoid')).toBeTruthy();
    expect((await httpsRequest(url)).body.toString()).toBe('injected');
  });

  it('maps a token the service refuses to INVALID_CREDENTIALS', async () => {
    const good = await tokenProvider(fakeEntraCredential());
    const { endpoint, ca } = inject('azuriteHttps');
    for (const claims of [{ aud: 'https://example.com' }, { exp: Math.floor(Date.now() / 1000) - 10 }]) {
      const refused = await createAzureProvider({
        container: good.containerClient.containerName,
        credential: fakeEntraCredential(claims),
        endpoint,
        clientOptions: { tlsOptions: { ca } } as StoragePipelineOptions,
      });
      const error = await refused.check().catch((e: unknown) => e);
      expect(isStowageError(error, 'INVALID_CREDENTIALS'), String(error)).toBe(true);
      expect(isStowageError(await refused.signedUrl('x').catch((e: unknown) => e), 'INVALID_CREDENTIALS')).toBe(true);
    }
  });

  it('accepts an @azure/identity credential at init without any request', async () => {
    const credential = new ClientSecretCredential('72f988bf-86f1-41af-91ab-2d7cd011db47', '00000000-0000-0000-0000-000000000000', 'not-a-real-secret');
    const provider = await createAzureProvider({ container: 'uploads', accountName: 'myaccount', credential });
    expect(provider.containerClient.url).toBe('https://myaccount.blob.core.windows.net/uploads');
    expect(provider.containerClient.credential).toBe(credential);
  });

  it('reports a credential that cannot get a token as INVALID_CREDENTIALS', async () => {
    const broken: TokenCredential = {
      getToken: async () => {
        throw new CredentialUnavailableError('ManagedIdentityCredential: no identity endpoint');
      },
    };
    const provider = await tokenProvider(fakeEntraCredential());
    const { endpoint, ca } = inject('azuriteHttps');
    const refused = await createAzureProvider({
      container: provider.containerClient.containerName,
      credential: broken,
      endpoint,
      clientOptions: { tlsOptions: { ca } } as StoragePipelineOptions,
    });
    for (const attempt of [() => refused.check(), () => refused.signedUrl('x'), () => refused.upload({ key: 'x', body: Buffer.from('x') })]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isStowageError(error, 'INVALID_CREDENTIALS'), String(error)).toBe(true);
    }
  });
});
