/** A running S3-compatible server, as the tests and the upload server's tests use it. */
export interface S3TestServer {
  /** Which implementation this is (`ceph`, `swift`). */
  readonly kind: string;
  /** The endpoint, `http://127.0.0.1:PORT`. Use path-style addressing. */
  readonly endpoint: string;
  /** The region to sign with. */
  readonly region: string;
  /** An access key with full rights on the server's buckets. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** How long start-up took, installation excluded, in milliseconds. */
  readonly startupMs: number;
  /** Where the server keeps its configuration and logs (removed by `stop()`). */
  readonly dir: string;
  /** Stops every process of the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** The plain values of an {@link S3TestServer}, serializable for vitest's `provide`/`inject`. */
export type S3TestServerInfo = Omit<S3TestServer, 'stop'>;

/** The serializable part of a server, for `provide()`. */
export function s3ServerInfo(server: S3TestServer): S3TestServerInfo {
  const { stop: _stop, ...info } = server;
  return JSON.parse(JSON.stringify(info)) as S3TestServerInfo;
}

/** Resolves once `endpoint` answers HTTP at all (any status). */
export async function answersHttp(endpoint: string): Promise<true | undefined> {
  const response = await fetch(endpoint, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return true;
}
