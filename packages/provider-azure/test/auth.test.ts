import {
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { createAzureProvider, type AzureProvider, type AzureProviderOptions } from '../src/index.js';
import { azurite, blobNames, containerName, freshContainer, readAll } from './helpers.js';

const WRONG_KEY = Buffer.alloc(64, 7).toString('base64');

async function roundTrip(provider: AzureProvider): Promise<void> {
  await provider.check();
  await provider.upload({ key: 'dir/hello.txt', body: Buffer.from('hello'), contentType: 'text/plain' });
  const read = await provider.read('dir/hello.txt');
  expect((await readAll(read.body)).toString()).toBe('hello');
  expect(await provider.exists('dir/hello.txt')).toBe(true);
  await provider.copy('dir/hello.txt', 'dir/copy.txt');
  expect((await provider.stat('dir/copy.txt')).contentType).toBe('text/plain');
  const page = await provider.listPage({ prefix: 'dir/' });
  expect(page.items.map((item) => item.key)).toEqual(['dir/copy.txt', 'dir/hello.txt']);
  await provider.delete('dir/hello.txt');
  expect(await provider.exists('dir/hello.txt')).toBe(false);
}

function containerSas(container: string, permissions = 'racwdl'): string {
  const { accountName, accountKey } = azurite();
  return generateBlobSASQueryParameters(
    { containerName: container, permissions: ContainerSASPermissions.parse(permissions), expiresOn: new Date(Date.now() + 3600_000) },
    new StorageSharedKeyCredential(accountName, accountKey),
  ).toString();
}

async function initError(options: unknown): Promise<Error> {
  const error = await createAzureProvider(options as AzureProviderOptions).catch((e: unknown) => e);
  expect(isStowageError(error, 'INVALID_OPTIONS'), String(error)).toBe(true);
  return error as Error;
}

describe('auth forms against Azurite', () => {
  it('a connection string', async () => {
    const container = await freshContainer();
    await roundTrip(await createAzureProvider({ container: container.containerName, connectionString: azurite().connectionString }));
  });

  it('an account name and key, with the endpoint', async () => {
    const container = await freshContainer();
    const { accountName, accountKey, endpoint } = azurite();
    const provider = await createAzureProvider({ container: container.containerName, accountName, accountKey, endpoint });
    await roundTrip(provider);
    const { url } = await provider.signedUrl('dir/copy.txt');
    expect(await (await fetch(url)).text()).toBe('hello');
  });

  it('a SAS token on the container, which cannot sign new URLs', async () => {
    const container = await freshContainer();
    const provider = await createAzureProvider({ container: container.containerName, sasToken: `?${containerSas(container.containerName)}`, endpoint: azurite().endpoint });
    await roundTrip(provider);
    const error = await provider.signedUrl('dir/copy.txt').catch((e: unknown) => e);
    expect(isStowageError(error, 'UNSUPPORTED')).toBe(true);
    expect(isStowageError(await provider.signedUpload('x', { maxSize: 10 }).catch((e: unknown) => e), 'UNSUPPORTED')).toBe(true);
  });

  it('a SAS token without write permission gets ACCESS_DENIED', async () => {
    const container = await freshContainer();
    const provider = await createAzureProvider({ container: container.containerName, sasToken: containerSas(container.containerName, 'rl'), endpoint: azurite().endpoint });
    await provider.check();
    const error = await provider.upload({ key: 'x', body: Buffer.from('x') }).catch((e: unknown) => e);
    expect(isStowageError(error, 'ACCESS_DENIED'), String(error)).toBe(true);
  });

  it('an injected ContainerClient', async () => {
    const container = await freshContainer();
    await roundTrip(await createAzureProvider({ containerClient: container }));
    await createAzureProvider({ containerClient: container, container: container.containerName });
    expect((await initError({ containerClient: container, container: 'other-name' })).message).toContain('container');
  });

  it('a wrong key is refused with INVALID_CREDENTIALS, without echoing it', async () => {
    const container = await freshContainer();
    const { accountName, endpoint } = azurite();
    const provider = await createAzureProvider({ container: container.containerName, accountName, accountKey: WRONG_KEY, endpoint });
    const withBody = [() => provider.check(), () => provider.upload({ key: 'a', body: Buffer.from('a') }), () => provider.read('a'), () => provider.listPage()];
    // HEAD answers have no body: Azurite's bodiless AuthorizationFailure cannot be told from a real one
    // (Azure itself answers AuthenticationFailed, which maps to INVALID_CREDENTIALS).
    const bodiless = [() => provider.stat('a'), () => provider.exists('a')];
    for (const [attempts, codes] of [[withBody, ['INVALID_CREDENTIALS']], [bodiless, ['INVALID_CREDENTIALS', 'ACCESS_DENIED']]] as const) {
      for (const attempt of attempts) {
        const error = await (attempt as () => Promise<unknown>)().catch((e: unknown) => e);
        expect(isStowageError(error, ...codes), String(error)).toBe(true);
        expect(JSON.stringify(error)).not.toContain(WRONG_KEY);
        expect(String((error as Error).cause)).not.toContain(WRONG_KEY);
      }
    }
    expect(await blobNames(container)).toEqual([]);
  });

  it('a missing container is INVALID_OPTIONS naming it', async () => {
    const name = containerName('missing');
    const provider = await createAzureProvider({ container: name, connectionString: azurite().connectionString });
    for (const attempt of [() => provider.check(), () => provider.upload({ key: 'a', body: Buffer.from('a') }), () => provider.listPage()]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isStowageError(error, 'INVALID_OPTIONS'), String(error)).toBe(true);
      expect((error as Error).message).toContain(`"${name}"`);
      expect((error as Error).message).toContain('ContainerNotFound');
    }
  });

  it('createContainerIfMissing creates the container at init', async () => {
    const name = containerName('created');
    const provider = await createAzureProvider({ container: name, connectionString: azurite().connectionString, createContainerIfMissing: true });
    await provider.check();
    await createAzureProvider({ container: name, connectionString: azurite().connectionString, createContainerIfMissing: true });
  });
});

describe('options validated at init, secrets never echoed', () => {
  const secret = 'c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1iZS1wcmludGVk';

  it('needs exactly one auth form', async () => {
    expect((await initError({ container: 'abc' })).message).toMatch(/exactly one of connectionString, accountName \+ accountKey, sasToken, credential or containerClient; got none/);
    const both = await initError({ container: 'abc', connectionString: `AccountName=a;AccountKey=${secret}`, accountName: 'abc', accountKey: secret });
    expect(both.message).toContain('got connectionString and accountKey');
    expect(both.message).not.toContain(secret);
  });

  it('names the bad option, not its value', async () => {
    const cases: [unknown, string, string][] = [
      [{ container: 'abc', accountName: 'abc', accountKey: `${secret}!!` }, 'accountKey', `${secret}!!`],
      [{ container: 'abc', accountKey: secret }, 'accountName', secret],
      [{ container: 'abc', connectionString: `AccountName=abc;AccountKey=${secret}%%` }, 'connectionString', secret],
      [{ container: 'abc', connectionString: `hello ${secret}` }, 'connectionString', secret],
      [{ container: 'abc', sasToken: `sp=r&x=${secret}`, accountName: 'abc' }, 'sasToken', secret],
      [{ container: 'abc', sasToken: `sv=1&sig=${secret}` }, 'endpoint', secret],
      [{ container: 'Bad_Name', connectionString: azurite().connectionString }, 'container', 'AccountKey'],
      [{ connectionString: azurite().connectionString }, 'container', 'AccountKey'],
      [{ container: 'abc', connectionString: azurite().connectionString, blockSize: 0 }, 'blockSize', 'AccountKey'],
      [{ container: 'abc', connectionString: azurite().connectionString, baseUrl: 'not a url' }, 'baseUrl', 'AccountKey'],
      [{ container: 'abc', connectionString: azurite().connectionString, rootPath: '../up' }, 'rootPath', 'AccountKey'],
      [{ container: 'abc', credential: { nope: true }, accountName: 'abc' }, 'credential', 'nope'],
      [{ container: 'abc', credential: { getToken: async () => null }, endpoint: 'http://127.0.0.1:1/acc' }, 'endpoint', 'getToken'],
      [{ container: 'abc', connectionString: azurite().connectionString, acountKey: secret }, 'acountKey', secret],
    ];
    for (const [options, option, hidden] of cases) {
      const error = await initError(options);
      expect(error.message, JSON.stringify(options)).toContain(option);
      expect(error.message).not.toContain(hidden);
      expect(JSON.stringify(error)).not.toContain(hidden);
    }
  });
});
