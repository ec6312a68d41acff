import { randomBytes } from 'node:crypto';
import { createFsFromVolume, Volume } from 'memfs';
import { runProviderContract } from '@stowage/core/testing';
import local, { createSignedRequestHandler } from '../src/index.js';
import { startSignedServer, type SignedServer } from './signed-server.js';

let server: SignedServer | undefined;

runProviderContract({
  name: 'local (memfs)',
  create: async () => {
    server = await startSignedServer();
    const provider = await local.init({
      root: '/stowage/objects',
      fs: createFsFromVolume(new Volume()),
      signing: { secret: randomBytes(32).toString('hex'), baseUrl: `${server.origin}/signed` },
    });
    server.use(createSignedRequestHandler(provider));
    return provider;
  },
  cleanup: async () => {
    await server?.close();
  },
  skip: { 'upload.memory': 'memfs keeps every stored byte in this process, so RSS grows with the body by design' },
});
