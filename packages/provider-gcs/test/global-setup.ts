import { startGcsEmulator } from '@stowage/test-servers/gcs-emulator';
import type { TestProject } from 'vitest/node';
import type { ServiceAccountKey } from '../src/options.js';
import { composeLayer } from './compose-layer.js';
import { generateServiceAccountKey } from './service-account.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The emulator's JSON API endpoint, `http://127.0.0.1:PORT`. */
    gcsEndpoint: string;
    /** The same emulator without the protocol layer in front (see gcs-emulator-child.cjs), to show its gaps. */
    gcsBareEndpoint: string;
    /** `gcsEndpoint` with compose-layer.ts in front: objects.compose, which the emulator lacks. */
    gcsComposeEndpoint: string;
    /** A service-account key generated for this run, whose signatures the emulator checks. */
    gcsServiceAccount: ServiceAccountKey;
  }
}

/**
 * Starts the Cloud Storage emulator (a child process) once for the whole run, trusting a service-account
 * key generated for this run: signed URLs and POST policies made with it are verified by the emulator.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { key, publicKey } = generateServiceAccountKey();
  const [emulator, bare] = await Promise.all([startGcsEmulator({ trustedKeys: { [key.client_email]: publicKey } }), startGcsEmulator({ bare: true })]);
  const composing = await composeLayer(emulator.endpoint);
  project.provide('gcsEndpoint', emulator.endpoint);
  project.provide('gcsComposeEndpoint', composing.endpoint);
  project.provide('gcsBareEndpoint', bare.endpoint);
  project.provide('gcsServiceAccount', key);
  return async () => {
    await composing.close();
    await Promise.all([emulator.stop(), bare.stop()]);
  };
}
