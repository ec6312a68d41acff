import type { IncomingMessage } from 'node:http';
import type { Provider } from '@stowage/core';
import type { Logger } from 'pino';
import type { StowageConfig } from './config/schema.js';
import type { LinkSigner } from './files/link-signer.js';
import type { FileStore } from './store/file-store.js';

/**
 * Who is making a request. Auth (JWT, roles) is a later issue: the default resolves `null`, and the
 * hook is where it will plug in.
 */
export type ResolveUser = (req: IncomingMessage) => Promise<string | null> | string | null;

/** Everything a route needs, built once at start. */
export interface StowageContext {
  readonly config: StowageConfig;
  readonly provider: Provider;
  readonly store: FileStore;
  readonly logger: Logger;
  readonly signer: LinkSigner;
  readonly resolveUser: ResolveUser;
}
