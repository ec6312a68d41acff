import type { IncomingMessage } from 'node:http';
import type { StowageContext } from '../context.js';
import type { FileRecord } from '../store/records.js';
import { accessDenied, invalidCredentials } from './auth-errors.js';
import { authorize, type AccessContext, type Action } from './authorize.js';

/**
 * The caller of `req` with what {@link authorize} needs: `authorize(await requestAccess(context, req),
 * 'read', file.bucketId, file)`. Authentication runs once per request.
 * @throws `HttpError` 401 `INVALID_CREDENTIALS` for a wrong admin secret or a bad token.
 */
export async function requestAccess(context: StowageContext, req: IncomingMessage): Promise<AccessContext> {
  return { config: context.config, auth: context.auth, principal: await context.auth.authenticate(req) };
}

/** {@link requestAccess} then {@link authorize}, for routes that only need the verdict. */
export async function authorizeRequest(context: StowageContext, req: IncomingMessage, action: Action, bucketId: string, record?: Pick<FileRecord, 'uploadedByUserId'>): Promise<AccessContext> {
  const access = await requestAccess(context, req);
  authorize(access, action, bucketId, record);
  return access;
}

/**
 * Admin-only routes (`/v1/ops/*`): the admin secret, nothing else.
 * @throws `HttpError` 403 when no admin secret is configured, 401 when the request lacks the right one.
 */
export async function requireAdmin(context: StowageContext, req: IncomingMessage): Promise<void> {
  const access = await requestAccess(context, req);
  if (access.principal.kind === 'admin') return;
  if (context.config.adminSecret === undefined) {
    throw accessDenied('Admin endpoints are disabled: set adminSecret (or STOWAGE_ADMIN_SECRET) to enable them');
  }
  throw invalidCredentials('Invalid admin secret header: expected the configured admin secret in x-stowage-admin-secret or x-hasura-admin-secret');
}
