import type { StowageConfig } from '../config/schema.js';
import type { FileRecord } from '../store/records.js';
import type { BucketPermissions, Rule } from './auth-config.js';
import { accessDenied, unauthenticated } from './auth-errors.js';
import type { Principal } from './principal.js';

/** What a rule governs. `read` covers downloads, HEAD and issuing presigned URLs. */
export type Action = 'upload' | 'read' | 'replace' | 'delete';

/** The defaults of buckets without their own rules, while auth is on. */
export const SAFE_DEFAULTS: Required<BucketPermissions> = { upload: 'authenticated', read: 'owner', replace: 'owner', delete: 'owner' };
/** The defaults while auth is off (nobody can sign in; `stowage serve` listens on 127.0.0.1 only). */
export const OPEN_DEFAULTS: Required<BucketPermissions> = { upload: 'public', read: 'public', replace: 'public', delete: 'public' };

/** What {@link authorize} needs: the configuration, whether auth is on, and who asks. */
export interface AccessContext {
  readonly config: Pick<StowageConfig, 'auth'>;
  readonly auth: { readonly mode: 'jwt' | 'hook' | 'off' };
  readonly principal: Principal;
}

/** The rule of `action` in `bucketId`: the bucket's own, else `auth.permissions`, else the defaults. */
export function ruleFor(access: Omit<AccessContext, 'principal'>, action: Action, bucketId: string): Rule {
  const { auth } = access.config;
  const defaults = access.auth.mode === 'off' ? OPEN_DEFAULTS : SAFE_DEFAULTS;
  return auth.buckets[bucketId]?.[action] ?? auth.permissions[action] ?? defaults[action];
}

/**
 * The one authorization check every route calls (the Nhost files API and the Strapi `/upload` routes):
 * may `access.principal` do `action` in `bucketId` (on `record`, for an existing file)? The admin may do
 * anything. `owner` means the uploader of `record`; for an upload, any signed-in user (who becomes it).
 * @throws `HttpError` 401 `UNAUTHENTICATED` when an anonymous request is refused (credentials would
 *   help), 403 `ACCESS_DENIED` when a signed-in one is. Messages name the rule, never the file.
 */
export function authorize(access: AccessContext, action: Action, bucketId: string, record?: Pick<FileRecord, 'uploadedByUserId'>): void {
  const { principal } = access;
  if (principal.kind === 'admin') return;
  const rule = ruleFor(access, action, bucketId);
  if (allows(rule, principal, action, record)) return;
  const what = `${action} in bucket "${bucketId}"`;
  if (principal.kind === 'anonymous') throw unauthenticated(`Authentication required: ${what} needs ${describe(rule)}`);
  throw accessDenied(`Access denied: ${what} needs ${describe(rule)}`);
}

/** Whether `principal` may do `action` under `rule`, without throwing. */
export function allows(rule: Rule, principal: Principal, action: Action, record?: Pick<FileRecord, 'uploadedByUserId'>): boolean {
  if (principal.kind === 'admin' || rule === 'public') return true;
  if (rule === 'authenticated') return principal.kind === 'user';
  if (rule === 'owner') {
    if (principal.kind !== 'user') return false;
    if (action === 'upload' && record === undefined) return true;
    return record !== undefined && record.uploadedByUserId !== null && record.uploadedByUserId === principal.userId;
  }
  return rule.includes(principal.role);
}

function describe(rule: Rule): string {
  if (rule === 'public') return 'nothing';
  if (rule === 'authenticated') return 'a signed-in user';
  if (rule === 'owner') return 'the file\'s owner';
  return `one of the roles ${rule.join(', ')}`;
}
