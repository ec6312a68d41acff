import type { IncomingMessage } from 'node:http';
import type { StowageContext } from '../context.js';

/**
 * The origin clients reach the server at, for absolute links: `publicUrl` when configured, else the
 * request's Host (and `X-Forwarded-Proto`, so a TLS-terminating proxy yields https links).
 */
export function publicBaseUrl(context: StowageContext, req: IncomingMessage): string {
  if (context.config.publicUrl !== undefined) return context.config.publicUrl.replace(/\/+$/, '');
  const forwarded = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim();
  const proto = forwarded === 'https' || (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}`;
}
