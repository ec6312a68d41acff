import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProviderContract } from '@stowage/core/testing';
import local, { createSignedRequestHandler } from '../src/index.js';
import { startSignedServer, type SignedServer } from './signed-server.js';

let server: SignedServer | undefined;
let root: string | undefined;

runProviderContract({
  name: 'local (disk)',
  create: async () => {
    root = await mkdtemp(join(tmpdir(), 'stowage-local-contract-'));
    server = await startSignedServer();
    const provider = await local.init({
      root,
      signing: { secret: randomBytes(32).toString('hex'), baseUrl: `${server.origin}/signed` },
    });
    server.use(createSignedRequestHandler(provider));
    return provider;
  },
  cleanup: async () => {
    await server?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  },
});
