import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** The well-known key of {@link AZURITE_ACCOUNT}. */
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Options of {@link startAzurite}. */
export interface StartAzuriteOptions {
  /**
   * Serve HTTPS with a throw-away self-signed certificate for 127.0.0.1 (made with `openssl`) and accept
   * OAuth bearer tokens (`--oauth basic`: Azurite checks a token's issuer, audience and dates, not its
   * signature). Azurite refuses OAuth over plain HTTP.
   * @default false
   */
  https?: boolean;
  /**
   * Where `azurite` is resolved from: a file or directory inside the package that depends on it.
   * @default the package.json in process.cwd()
   */
  resolveFrom?: string;
  /**
   * Milliseconds to wait for Azurite to listen.
   * @default 30000
   */
  startTimeout?: number;
}

/** A running Azurite blob service. */
export interface AzuriteServer {
  /** The blob endpoint, account included: `http://127.0.0.1:PORT/devstoreaccount1`. */
  endpoint: string;
  /** The port Azurite listens on. */
  port: number;
  /** The account name. */
  accountName: string;
  /** The account key. */
  accountKey: string;
  /** A connection string for the account, with `BlobEndpoint` pointing at this server. */
  connectionString: string;
  /** With `https`, the PEM certificate a client must trust. */
  ca?: string;
  /** Stops Azurite (in-memory: everything stored is gone) and removes its work directory. */
  stop(): Promise<void>;
}

const LISTENING = /successfully listens on (https?):\/\/127\.0\.0\.1:(\d+)/;

/**
 * Starts Azurite's blob service on 127.0.0.1 on a free port, with in-memory persistence and telemetry
 * off, in a child process. `azurite` must be a (dev) dependency of the package running the tests.
 */
export async function startAzurite(options: StartAzuriteOptions = {}): Promise<AzuriteServer> {
  const main = resolveAzuriteBlob(options.resolveFrom ?? join(process.cwd(), 'package.json'));
  const dir = await mkdtemp(join(tmpdir(), 'stowage-azurite-'));
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--disableTelemetry', '--silent'];
  let ca: string | undefined;
  if (options.https) {
    ca = await selfSignedCertificate(dir);
    args.push('--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--oauth', 'basic');
  }
  // Azurite refuses --location with --inMemoryPersistence; the working directory keeps its stray files (the certificate, logs) in `dir`.
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let port: number;
  try {
    port = await waitForListening(child, options.startTimeout ?? 30_000);
  } catch (error) {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    endpoint,
    port,
    accountName: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    connectionString: `DefaultEndpointsProtocol=${options.https ? 'https' : 'http'};AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${endpoint};`,
    ...(ca === undefined ? {} : { ca }),
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function resolveAzuriteBlob(from: string): string {
  try {
    const require = createRequire(from);
    const pkgPath = require.resolve('azurite/package.json');
    const pkg = require(pkgPath) as { bin?: Record<string, string> };
    const bin = pkg.bin?.['azurite-blob'];
    if (bin === undefined) throw new Error('azurite/package.json has no "azurite-blob" bin');
    return join(dirname(pkgPath), bin);
  } catch (error) {
    throw new Error(`startAzurite: cannot resolve "azurite" from ${from}; add it as a devDependency of the package under test (3.37 or newer)`, { cause: error });
  }
}

async function selfSignedCertificate(dir: string): Promise<string> {
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ]);
  return readFile(join(dir, 'cert.pem'), 'utf8');
}

function waitForListening(child: ChildProcess, timeout: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not listen within ${timeout} ms:\n${output}`)), timeout);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        cleanup();
        // Keep draining the pipes so that a chatty Azurite never blocks on a full buffer.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(match[2]));
      }
    };
    const onExit = (code: number | null) => fail(new Error(`Azurite exited (code ${code}) before listening:\n${output}`));
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
