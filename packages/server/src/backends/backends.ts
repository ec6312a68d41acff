import { StowageError, type Provider } from '@stowage/core';

/** One configured storage backend: the server-wide provider, or a bucket's own. */
export interface Backend {
  /** The bucket whose own provider this is (`buckets.<id>.provider`); null for the server-wide provider. */
  readonly id: string | null;
  readonly provider: Provider;
  /** The options it was created from (credentials included: never log them). */
  readonly options: unknown;
}

/**
 * The server's backends. A bucket's new files go to its own provider when it has one, else to the
 * server-wide provider; each file record keeps the backend that holds its bytes (`FileRecord.backend`),
 * so files stored before a bucket got a provider of its own are still read from the server-wide one.
 */
export class Backends {
  readonly #server: Backend;
  readonly #own: ReadonlyMap<string, Backend>;

  constructor(server: Backend, own: readonly Backend[] = []) {
    this.#server = server;
    this.#own = new Map(own.map((backend) => [backend.id ?? '', backend]));
  }

  /** The server-wide backend. */
  get server(): Backend {
    return this.#server;
  }

  /** Every backend, the server-wide one first. */
  all(): Backend[] {
    return [this.#server, ...this.#own.values()];
  }

  /** Where a bucket's new files go. */
  forBucket(bucketId: string): Backend {
    return this.#own.get(bucketId) ?? this.#server;
  }

  /** The backend a record names, or undefined when it is not configured. */
  find(id: string | null): Backend | undefined {
    return id === null ? this.#server : this.#own.get(id);
  }

  /**
   * The backend a record names (`FileRecord.backend`).
   * @throws {StowageError} `UNAVAILABLE` when the record names a bucket provider the configuration no
   *   longer has: its bytes are on a backend this server cannot reach.
   */
  get(id: string | null): Backend {
    const backend = this.find(id);
    if (backend === undefined) {
      throw new StowageError('UNAVAILABLE', `The file is stored on bucket "${id}"'s own provider, which is not configured (buckets.${id}.provider): configure it again to reach the file`);
    }
    return backend;
  }
}
