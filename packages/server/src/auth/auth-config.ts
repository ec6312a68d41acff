import { z } from 'zod';

/** Where Nhost and Hasura put their claims. */
export const HASURA_NAMESPACE = 'https://hasura.io/jwt/claims';

const claimPath = z.array(z.string().min(1), { error: 'must be a path of claim names, such as ["https://hasura.io/jwt/claims", "x-hasura-user-id"]' }).min(1);

/** Who may do an action: anyone, any signed-in user, the file's uploader only, or a list of roles. */
export const ruleSchema = z.union([z.enum(['public', 'authenticated', 'owner']), z.array(z.string().min(1)).min(1)], {
  error: 'must be "public", "authenticated", "owner" or a non-empty list of role names',
});

/** The four actions a bucket rules, each optional (the `auth.permissions` defaults fill the rest). */
export const bucketPermissionsSchema = z
  .object({
    /** Who may upload into the bucket. */
    upload: ruleSchema.optional(),
    /** Who may download (and get presigned URLs for) the bucket's files. */
    read: ruleSchema.optional(),
    /** Who may replace a file's content, name or metadata. */
    replace: ruleSchema.optional(),
    /** Who may delete a file. */
    delete: ruleSchema.optional(),
  })
  .strict();

/** JWT verification: exactly one of `secret`, `publicKey` or `jwksUrl`. */
export const jwtSchema = z
  .object({
    /** The HMAC key of HS256/HS384/HS512 tokens (at least 32 characters). */
    secret: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    /** A PEM public key (SPKI or X.509 certificate) or a JWK (object or JSON text) for RS*, PS*, ES* or EdDSA tokens. */
    publicKey: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    /** A JWKS document's URL; keys are fetched, cached and refreshed on an unknown `kid`. */
    jwksUrl: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
    /**
     * Algorithms accepted. `none` never is.
     * @default ['HS256'] for `secret`; the key's own algorithm for `publicKey`; ['RS256', 'ES256'] … for `jwksUrl`
     */
    algorithms: z.array(z.enum(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).min(1).optional(),
    /** The `iss` tokens must carry, if set. */
    issuer: z.string().min(1).optional(),
    /** The `aud` tokens must carry (one of), if set. */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /**
     * Seconds of clock skew tolerated on `exp` and `nbf`.
     * @default 0
     */
    clockTolerance: z.number().int().min(0).max(300).default(0),
    /** Where the user id and roles are in the token, as paths of claim names. */
    claims: z
      .object({
        /** @default ['https://hasura.io/jwt/claims', 'x-hasura-user-id'] */
        userId: claimPath.default([HASURA_NAMESPACE, 'x-hasura-user-id']),
        /** @default ['https://hasura.io/jwt/claims', 'x-hasura-default-role'] */
        defaultRole: claimPath.default([HASURA_NAMESPACE, 'x-hasura-default-role']),
        /** @default ['https://hasura.io/jwt/claims', 'x-hasura-allowed-roles'] */
        allowedRoles: claimPath.default([HASURA_NAMESPACE, 'x-hasura-allowed-roles']),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((jwt, ctx) => {
    const given = (['secret', 'publicKey', 'jwksUrl'] as const).filter((k) => jwt[k] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `needs exactly one of secret, publicKey or jwksUrl${given.length > 1 ? ` (got ${given.join(', ')})` : ''}` });
    const hmac = jwt.algorithms?.filter((a) => a.startsWith('HS')) ?? [];
    if (jwt.secret !== undefined && jwt.algorithms !== undefined && hmac.length !== jwt.algorithms.length) ctx.addIssue({ code: 'custom', path: ['algorithms'], message: 'must be HS256, HS384 or HS512 with a secret' });
    if (jwt.secret === undefined && hmac.length > 0) ctx.addIssue({ code: 'custom', path: ['algorithms'], message: 'HS* algorithms need a secret, not a public key' });
  });

/** The `auth` section: who a request is, and the default rules of buckets without their own. */
export const authSchema = z
  .object({
    /** Verifies `Authorization: Bearer <jwt>`. Without it (and without a `resolveUser` hook) auth is off: see `docs/security.md`. */
    jwt: jwtSchema.optional(),
    /**
     * The role of requests without credentials; list it in a rule to let them in.
     * @default 'anonymous'
     */
    anonymousRole: z.string().min(1).default('anonymous'),
    /**
     * The rules of every bucket that does not set its own (`buckets.<id>.permissions`), action by action.
     * @default { upload: 'authenticated', read: 'owner', replace: 'owner', delete: 'owner' }; all 'public' while auth is off
     */
    permissions: bucketPermissionsSchema.default({}),
    /** Per-bucket rules, by bucket id; each action left out falls back to `permissions`. @default {} */
    buckets: z.record(z.string(), bucketPermissionsSchema).default({}),
  })
  .strict();

export type Rule = z.output<typeof ruleSchema>;
export type BucketPermissions = z.output<typeof bucketPermissionsSchema>;
export type JwtConfig = z.output<typeof jwtSchema>;
export type AuthConfig = z.output<typeof authSchema>;
export type AuthConfigInput = z.input<typeof authSchema>;
