/**
 * Who makes a request, once authenticated: the admin (the admin secret), a user (a verified token or the
 * `resolveUser` hook), or nobody (the anonymous role).
 */
export interface Principal {
  readonly kind: 'admin' | 'user' | 'anonymous';
  /** The user id (`uploadedByUserId` of what they upload); null for anonymous requests. */
  readonly userId: string | null;
  /** The role the request acts in: `x-hasura-role` when allowed, else the token's default role. */
  readonly role: string;
  /** Every role the token allows. */
  readonly allowedRoles: readonly string[];
}

/** What a `resolveUser` hook may answer: a user id, a user with roles, or null (anonymous). */
export type ResolvedUser = string | { id: string; role?: string; allowedRoles?: readonly string[] } | null;

export function anonymous(role: string): Principal {
  return { kind: 'anonymous', userId: null, role, allowedRoles: [role] };
}

export function admin(userId: string | null): Principal {
  return { kind: 'admin', userId, role: 'admin', allowedRoles: ['admin'] };
}

/** A user from a `resolveUser` answer; a bare id gets the role `user`. */
export function userFromHook(resolved: Exclude<ResolvedUser, null>): Principal {
  if (typeof resolved === 'string') return { kind: 'user', userId: resolved, role: 'user', allowedRoles: ['user'] };
  const role = resolved.role ?? 'user';
  return { kind: 'user', userId: resolved.id, role, allowedRoles: resolved.allowedRoles ?? [role] };
}
