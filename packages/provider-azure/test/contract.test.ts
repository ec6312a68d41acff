import { runProviderContract } from '@stowage/core/testing';
import { inject } from 'vitest';
import azure from '../src/index.js';
import { sdkService } from './helpers.js';

// One container per run, created by the provider itself; deleted (with everything in it) afterwards.
const container = `contract-${Date.now().toString(36)}`;

runProviderContract({
  name: 'azure (azurite)',
  create: () => azure.init({ container, connectionString: inject('azurite').connectionString, createContainerIfMissing: true }),
  cleanup: async () => {
    await sdkService().getContainerClient(container).deleteIfExists();
  },
  reportDir: 'conformance',
});
