import { startAzurite, type AzuriteServer } from '@stowage/test-servers/azurite';
import type { TestProject } from 'vitest/node';

/** What tests receive through `inject()`: a server's coordinates, without its `stop()`. */
export type AzuriteInfo = Omit<AzuriteServer, 'stop'>;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Azurite over HTTP: the contract kit and most tests. */
    azurite: AzuriteInfo;
    /** Azurite over HTTPS with OAuth: the TokenCredential path. */
    azuriteHttps: AzuriteInfo;
  }
}

/** Starts two in-memory Azurite blob services for the whole run and stops them afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [http, https] = await Promise.all([startAzurite(), startAzurite({ https: true })]);
  const { stop: stopHttp, ...httpInfo } = http;
  const { stop: stopHttps, ...httpsInfo } = https;
  project.provide('azurite', httpInfo);
  project.provide('azuriteHttps', httpsInfo);
  return async () => {
    await Promise.all([stopHttp(), stopHttps()]);
  };
}
