import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, codeOf, replace, upload } from './helpers/auth-client.js';
import { expectNoResidue, residue } from './helpers/auth-leaks.js';
import { AUTH_ADMIN_SECRET, AUTH_PROVIDERS, startAuthStack, type AuthStack } from './helpers/auth-stack.js';
import { hasuraClaims, hsToken, unsignedToken, userToken } from './helpers/auth-tokens.js';

/**
 * The access half of the matrix: other users' files, signed URLs, admin secret and JWTs. Each case gets
 * its exact status and code, leaks nothing of the file, and leaves nothing stored.
 */
describe.each(AUTH_PROVIDERS)('hostile access against provider-%s', (providerName) => {
  let stack: AuthStack;
  let alice: string;
  let bob: string;
  let fileId: string;
  const SECRET_CONTENT = 'alice-private-content-7f3a';
  beforeAll(async () => {
    stack = await startAuthStack(providerName);
    alice = await userToken('alice');
    bob = await userToken('bob');
    const up = await upload(stack, { token: alice, files: [{ data: SECRET_CONTENT, name: 'alice-diary.txt' }] });
    expect(up.status).toBe(201);
    fileId = up.json!.processedFiles![0]!.id;
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function leaves_nothing(attack: () => Promise<void>): Promise<void> {
    const before = await residue(stack);
    await attack();
    await expectNoResidue(stack, before);
  }

  const expectNoLeak = (text: string) => {
    expect(text).not.toContain(SECRET_CONTENT);
    expect(text).not.toContain('alice-diary');
  };

  it('the owner reads it; another user cannot read it (403 ACCESS_DENIED), nor HEAD it, nor get a presigned URL', async () => {
    expect((await call(stack, `/v1/files/${fileId}`, { token: alice })).text).toBe(SECRET_CONTENT);
    await leaves_nothing(async () => {
      for (const [method, path] of [['GET', ''], ['HEAD', ''], ['GET', '/presignedurl']] as const) {
        const res = await call(stack, `/v1/files/${fileId}${path}`, { method, token: bob });
        expect(res.status, `${method} ${path}`).toBe(403);
        if (method !== 'HEAD') expect(codeOf(res)).toBe('ACCESS_DENIED');
        expectNoLeak(res.text);
        expect(res.headers.get('etag')).toBeNull();
      }
    });
  });

  it('another user cannot replace it (403 ACCESS_DENIED), and the content and record stay', async () => {
    await leaves_nothing(async () => {
      const res = await replace(stack, fileId, { token: bob, data: 'bob was here', metadata: JSON.stringify({ name: 'pwned.txt' }) });
      expect(res.status).toBe(403);
      expect(codeOf(res)).toBe('ACCESS_DENIED');
      expectNoLeak(res.text);
    });
    expect((await call(stack, `/v1/files/${fileId}`, { token: alice })).text).toBe(SECRET_CONTENT);
  });

  it('another user cannot delete it (403 ACCESS_DENIED)', async () => {
    await leaves_nothing(async () => {
      const res = await call(stack, `/v1/files/${fileId}`, { method: 'DELETE', token: bob });
      expect(res.status).toBe(403);
      expect(codeOf(res)).toBe('ACCESS_DENIED');
      expectNoLeak(res.text);
    });
    expect((await call(stack, `/v1/files/${fileId}`, { token: alice })).status).toBe(200);
  });

  it('without a token, reading, replacing and deleting it need authentication (401 UNAUTHENTICATED)', async () => {
    await leaves_nothing(async () => {
      for (const method of ['GET', 'DELETE']) {
        const res = await call(stack, `/v1/files/${fileId}`, { method });
        expect(res.status, method).toBe(401);
        expect(codeOf(res)).toBe('UNAUTHENTICATED');
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="stowage"');
        expectNoLeak(res.text);
      }
      const put = await replace(stack, fileId, { data: 'anon' });
      expect(put.status).toBe(401);
      expect(codeOf(put)).toBe('UNAUTHENTICATED');
      const up = await upload(stack, { files: [{ data: 'anonymous upload', name: 'anon.txt' }] });
      expect(up.status).toBe(401);
      expect(codeOf(up)).toBe('UNAUTHENTICATED');
    });
  });

  describe('signed URLs', () => {
    it('a tampered signed URL: 403, content not served', async () => {
      const { json } = await call(stack, `/v1/files/${fileId}/presignedurl`, { token: alice });
      const url = new URL(json!.url as string);
      expect(await (await fetch(url)).text()).toBe(SECRET_CONTENT);
      await leaves_nothing(async () => {
        const signatureParam = [...url.searchParams.keys()].find((k) => /signature/i.test(k))!;
        const tampered = new URL(url);
        const sig = tampered.searchParams.get(signatureParam)!;
        tampered.searchParams.set(signatureParam, `${sig.slice(0, -4)}${sig.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`);
        const extended = new URL(url);
        const expiresParam = [...url.searchParams.keys()].find((k) => /^(x-amz-)?expires$/i.test(k))!;
        extended.searchParams.set(expiresParam, String(Number(url.searchParams.get(expiresParam)) + 3600));
        for (const bad of [tampered, extended]) {
          const res = await fetch(bad);
          const text = await res.text();
          expect(res.status, bad.search).toBe(403);
          expect(text).not.toContain(SECRET_CONTENT);
          if (providerName === 'local') expect(JSON.parse(text)).toMatchObject({ error: { data: { code: 'INVALID_SIGNATURE' } } });
          else expect(text).toMatch(/<Code>(SignatureDoesNotMatch|AccessDenied)<\/Code>/);
        }
      });
    });

    it('a server-signed URL is bound to its file id: moved to another file, 403 INVALID_SIGNATURE', async () => {
      if (providerName !== 'local') return; // S3 signs its own URLs: their binding is S3's signature over the key
      const other = await upload(stack, { token: alice, files: [{ data: 'other', name: 'other.txt' }] });
      const otherId = other.json!.processedFiles![0]!.id;
      const { json } = await call(stack, `/v1/files/${fileId}/presignedurl`, { token: alice });
      const moved = (json!.url as string).replace(fileId, otherId);
      const res = await call(stack, moved);
      expect(res.status).toBe(403);
      expect(codeOf(res)).toBe('INVALID_SIGNATURE');
    });

    it('an expired signed URL: 403', async () => {
      const up = await upload(stack, { token: alice, bucket: 'short', files: [{ data: SECRET_CONTENT, name: 'short.txt' }] });
      const id = up.json!.processedFiles![0]!.id;
      const { json } = await call(stack, `/v1/files/${id}/presignedurl`, { token: alice });
      expect(json!.expiration).toBe(1);
      await new Promise((r) => setTimeout(r, 2200));
      await leaves_nothing(async () => {
        const res = await fetch(json!.url as string);
        const text = await res.text();
        expect(res.status).toBe(403);
        expect(text).not.toContain(SECRET_CONTENT);
        if (providerName === 'local') expect(JSON.parse(text)).toMatchObject({ error: { data: { code: 'EXPIRED_SIGNATURE' } } });
        else expect(text).toMatch(/<Code>AccessDenied<\/Code>/);
      });
    });
  });

  it('a wrong admin secret: 401 INVALID_CREDENTIALS on the admin endpoints, uploads and reads (never anonymous)', async () => {
    await leaves_nothing(async () => {
      for (const header of ['x-hasura-admin-secret', 'x-stowage-admin-secret']) {
        for (const secret of ['wrong', `${AUTH_ADMIN_SECRET}x`, AUTH_ADMIN_SECRET.slice(0, -1), '']) {
          const headers = { [header]: secret };
          const ops = await call(stack, '/v1/ops/list-orphans', { method: 'POST', headers });
          expect(ops.status, `${header}: ${secret}`).toBe(401);
          expect(codeOf(ops)).toBe('INVALID_CREDENTIALS');
          expect(ops.text).not.toContain(AUTH_ADMIN_SECRET);
          const up = await upload(stack, { headers, files: [{ data: 'as admin?', name: 'admin.txt' }] });
          expect(up.status).toBe(401);
          expect(codeOf(up)).toBe('INVALID_CREDENTIALS');
          const read = await call(stack, `/v1/files/${fileId}`, { headers });
          expect(read.status).toBe(401);
          expectNoLeak(read.text);
        }
      }
    });
    const right = await call(stack, '/v1/ops/list-orphans', { method: 'POST', headers: { 'x-hasura-admin-secret': AUTH_ADMIN_SECRET } });
    expect(right.status).toBe(200);
    expect((await call(stack, `/v1/files/${fileId}`, { headers: { 'x-stowage-admin-secret': AUTH_ADMIN_SECRET } })).text).toBe(SECRET_CONTENT);
  });

  it.each([
    ['expired', () => hsToken(hasuraClaims('alice'), { ttl: -60 }), /expired/],
    ['forged (signed with another secret)', () => hsToken(hasuraClaims('alice'), { secret: 'not-the-server-secret-0123456789-abcdef' }), /signature/],
    ['alg: none', async () => unsignedToken(hasuraClaims('alice')), /algorithm|signed/],
    ['malformed', async () => 'not.a.jwt', /Bearer|signed/],
  ])('an %s JWT: 401 INVALID_CREDENTIALS for upload, read, replace and delete', async (_name, mint, reason) => {
    const token = await mint();
    await leaves_nothing(async () => {
      const up = await upload(stack, { token, files: [{ data: 'forged upload', name: 'forged.txt' }] });
      expect(up.status).toBe(401);
      expect(codeOf(up)).toBe('INVALID_CREDENTIALS');
      expect(up.json?.error?.message).toMatch(reason);
      expect(up.text).not.toContain(token);
      for (const method of ['GET', 'DELETE']) {
        const res = await call(stack, `/v1/files/${fileId}`, { method, token });
        expect(res.status, method).toBe(401);
        expect(codeOf(res)).toBe('INVALID_CREDENTIALS');
        expectNoLeak(res.text);
      }
      const put = await replace(stack, fileId, { token, data: 'forged' });
      expect(put.status).toBe(401);
      expect(codeOf(put)).toBe('INVALID_CREDENTIALS');
    });
    expect((await call(stack, `/v1/files/${fileId}`, { token: alice })).text).toBe(SECRET_CONTENT);
  });
});
