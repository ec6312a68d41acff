import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { jwtFromEnv } from '../src/auth/jwt-env.js';
import { loadConfig } from '../src/config/load-config.js';

describe('STOWAGE_JWT_SECRET', () => {
  it('takes a plain secret or Hasura’s JSON', () => {
    expect(jwtFromEnv('a-plain-secret-of-at-least-32-characters')).toEqual({ secret: 'a-plain-secret-of-at-least-32-characters' });
    expect(jwtFromEnv(JSON.stringify({ type: 'HS512', key: 'k'.repeat(40), issuer: 'nhost', allowed_skew: 5 }))).toEqual({ secret: 'k'.repeat(40), algorithms: ['HS512'], issuer: 'nhost', clockTolerance: 5 });
    expect(jwtFromEnv(JSON.stringify({ type: 'RS256', key: '-----BEGIN PUBLIC KEY-----' }))).toEqual({ publicKey: '-----BEGIN PUBLIC KEY-----', algorithms: ['RS256'] });
    expect(jwtFromEnv(JSON.stringify({ jwk_url: 'https://auth.example/jwks.json', claims_namespace: 'https://x/claims' }))).toEqual({
      jwksUrl: 'https://auth.example/jwks.json',
      claims: { userId: ['https://x/claims', 'x-hasura-user-id'], defaultRole: ['https://x/claims', 'x-hasura-default-role'], allowedRoles: ['https://x/claims', 'x-hasura-allowed-roles'] },
    });
    expect(jwtFromEnv(undefined)).toBeUndefined();
  });

  it('names the variable, never the value, when unusable', () => {
    for (const bad of ['{"type":"HS256","key":"hunter2-secret', '{"key":"hunter2-secret"}']) {
      try {
        jwtFromEnv(bad);
        throw new Error('expected a failure');
      } catch (error) {
        expect(isStowageError(error, 'INVALID_OPTIONS')).toBe(true);
        expect((error as Error).message).toMatch(/^Invalid STOWAGE_JWT_SECRET/);
        expect((error as Error).message).not.toContain('hunter2');
      }
    }
  });

  it('replaces auth.jwt of the configuration file and keeps its permissions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stowage-auth-env-'));
    try {
      await writeFile(join(dir, 'stowage.config.json'), JSON.stringify({ auth: { permissions: { read: 'public' }, jwt: { secret: 'from-the-file-0123456789-0123456789' } } }));
      const { config } = await loadConfig({ cwd: dir, env: { STOWAGE_JWT_SECRET: 'from-the-environment-0123456789-0123' } });
      expect(config.auth.jwt?.secret).toBe('from-the-environment-0123456789-0123');
      expect(config.auth.permissions).toEqual({ read: 'public' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
