import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running Cloud Storage emulator (firebase-tools), serving the GCS JSON API on 127.0.0.1. */
export interface GcsEmulator {
  /** `http://127.0.0.1:PORT`: pass it as the SDK's `apiEndpoint` or `STORAGE_EMULATOR_HOST`. */
  endpoint: string;
  /** The project id the emulator was started with. */
  projectId: string;
  /** The child process's pid. */
  pid: number;
  /** Stops the emulator and removes its files. Never throws. */
  stop(): Promise<void>;
}

/** Options of {@link startGcsEmulator}. */
export interface StartGcsEmulatorOptions {
  /** @default 'stowage-test' */
  projectId?: string;
  /** How long to wait for the emulator to serve. @default 30000 */
  timeoutMs?: number;
  /**
   * Service accounts whose V4 signatures the emulator accepts: client_email → public key (PEM). With at
   * least one, signed URLs and POST policy forms are verified as GCS does (signature, expiry, policy
   * conditions); without, they are served unchecked, as the bare emulator does.
   * @default {}
   */
  trustedKeys?: Record<string, string>;
  /**
   * Serve the emulator exactly as firebase-tools does, without the resumable-protocol, signature and
   * `/storage/v1` layer in front of it: to show its gaps.
   * @default false
   */
  bare?: boolean;
}

const CHILD = fileURLToPath(new URL('./gcs-emulator-child.cjs', import.meta.url));

/**
 * Starts firebase-tools' Cloud Storage emulator in a child process (its memory stays out of the test
 * worker's, and a crash cannot take the worker down). The child fills the emulator's multi-chunk resumable
 * upload gap with Google's documented protocol and, given `trustedKeys`, checks V4 signatures (see
 * gcs-emulator-child.cjs and gcs-signatures.cjs). Its blobs live in a fresh
 * temporary directory, removed by `stop()`.
 */
export async function startGcsEmulator(options: StartGcsEmulatorOptions = {}): Promise<GcsEmulator> {
  const projectId = options.projectId ?? 'stowage-test';
  const dir = await mkdtemp(join(tmpdir(), 'stowage-gcs-'));
  const child = spawn(process.execPath, [CHILD, projectId], {
    // The emulator keeps blobs under os.tmpdir(): a private one keeps parallel runs apart.
    env: { ...process.env, TMPDIR: dir, STORAGE_EMULATOR_DEBUG: '', STOWAGE_GCS_TRUSTED_KEYS: JSON.stringify(options.trustedKeys ?? {}),
      STOWAGE_GCS_BARE: options.bare ? '1' : '0',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // STOWAGE_GCS_EMULATOR_LOG=<file> keeps the emulator's output, for debugging it.
  const log = process.env.STOWAGE_GCS_EMULATOR_LOG;
  if (log) {
    const out = createWriteStream(log, { flags: 'a' });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  }
  let port: number;
  try {
    port = await waitForPort(child, options.timeoutMs ?? 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    projectId,
    pid: child.pid ?? -1,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`GCS emulator did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of stdout.split('\n')) {
        const match = /^\{"port":(\d+)\}$/.exec(line.trim());
        if (match) {
          clearTimeout(timer);
          // Keep draining the pipes so the child never blocks on a full one.
          child.stdout?.removeAllListeners('data');
          child.stdout?.resume();
          resolve(Number(match[1]));
          return;
        }
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`GCS emulator exited (code ${code}, signal ${signal})\n${stderr}`)));
    child.once('error', fail);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
