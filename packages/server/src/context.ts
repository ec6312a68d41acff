import type { IncomingMessage } from 'node:http';
import type { Provider } from '@stowage/core';
import type { Logger } from 'pino';
import type { AuthRuntime } from './auth/authenticate.js';
import type { Backends } from './backends/backends.js';
import type { ResolvedUser } from './auth/principal.js';
import type { StowageConfig } from './config/schema.js';
import type { MountedFamily } from './families/family.js';
import type { LinkSigner } from './files/link-signer.js';
import type { ImageVariants } from './images/image-variants.js';
import type { BufferRelease } from './http/buffer-release.js';
import type { FileStore } from './store/file-store.js';

/**
 * Who is making a request, in place of JWT verification (`auth.jwt`): a user id, `{ id, role,
 * allowedRoles }`, or `null` for an anonymous request. Given a hook, auth is on (see docs/security.md).
 */
export type ResolveUser = (req: IncomingMessage) => Promise<ResolvedUser> | ResolvedUser;

/** Everything a route needs, built once at start. */
export interface StowageContext {
  readonly config: StowageConfig;
  /** The server-wide provider (`provider`); a bucket may have its own: reach files through {@link backends}. */
  readonly provider: Provider;
  /** The server-wide provider and the buckets' own: where a bucket's new files go, where a file's bytes are. */
  readonly backends: Backends;
  readonly store: FileStore;
  readonly logger: Logger;
  readonly signer: LinkSigner;
  /** Authentication, built once: `auth.authenticate(req)` tells who asks (see `auth/access.ts`). */
  readonly auth: AuthRuntime;
  /** The user id of a request (null when anonymous), through {@link auth}; routes should call `authorize` (auth/authorize.ts). */
  readonly resolveUser: (req: IncomingMessage) => Promise<string | null>;
  /** Told every upload chunk's length, so that spent socket buffers are freed (`releaseBuffersEvery`). */
  readonly buffers: BufferRelease;
  /** Image transforms on download, and the variants kept of each file. */
  readonly images: ImageVariants;
  /** The route families the server speaks, as mounted (their stores and hooks). */
  readonly families: readonly MountedFamily[];
}
