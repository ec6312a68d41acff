import type { Logger } from 'pino';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/**
 * The interface the standalone server listens on. While auth is off every bucket is open to anyone who
 * can reach the server, so it then listens on 127.0.0.1 only, whatever `host` says, and logs that it
 * does; configure `auth.jwt` (or a `resolveUser` hook) to listen elsewhere.
 */
export function listenHost(requested: string, authMode: 'jwt' | 'hook' | 'off', logger: Logger): string {
  if (authMode !== 'off') return requested;
  if (LOOPBACK.test(requested)) {
    logger.warn({ host: requested }, 'no auth configured: every bucket is open, so the server listens on this loopback interface only; configure auth.jwt to serve other hosts');
    return requested;
  }
  logger.warn({ requested, host: '127.0.0.1' }, `no auth configured: every bucket is open, so the server listens on 127.0.0.1 only (not ${requested}); configure auth.jwt to serve other hosts`);
  return '127.0.0.1';
}
