import * as storage from '@nhost/nhost-js/storage';

// @nhost/nhost-js ships ESM declarations with extensionless relative re-exports, which NodeNext
// resolution drops: the runtime export is there, its type is reached by path.
type Client = import('../../node_modules/@nhost/nhost-js/dist/src/storage/client.js').Client;

/** The unmodified Nhost storage client. */
export const createAPIClient = (storage as unknown as { createAPIClient: (baseURL: string) => Client }).createAPIClient;
export type NhostStorageClient = Client;
