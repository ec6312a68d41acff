import { describe, expect, it } from 'vitest';
import { createAzureProvider } from '../src/index.js';
import { freshContainer, freshProvider } from './helpers.js';

describe('baseUrl', () => {
  it('is the container root: the container name is never added to it', async () => {
    const { provider, container } = await freshProvider({ baseUrl: 'https://cdn.example.com/assets/', rootPath: 'site' });
    const result = await provider.upload({ key: 'img/a b#1.png', body: Buffer.from('x') });
    expect(result.url).toBe('https://cdn.example.com/assets/site/img/a%20b%231.png');
    expect(result.url).not.toContain(container.containerName);
  });

  it('set to a public container URL, serves the object at the reported URL (container named once)', async () => {
    const container = await freshContainer();
    await container.setAccessPolicy('blob');
    const provider = await createAzureProvider({ containerClient: container, baseUrl: container.url });
    const result = await provider.upload({ key: 'dir/ü +x.txt', body: Buffer.from('public bytes') });
    expect(result.url).toBe(`${container.url}/dir/%C3%BC%20%2Bx.txt`);
    expect(result.url!.split(container.containerName)).toHaveLength(2);
    const response = await fetch(result.url!);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('public bytes');
  });

  it('is absent from results without baseUrl', async () => {
    const { provider } = await freshProvider();
    expect((await provider.upload({ key: 'a', body: Buffer.from('x') })).url).toBeUndefined();
  });
});
