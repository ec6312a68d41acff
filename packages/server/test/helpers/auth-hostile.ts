import { afterAll, beforeAll, expect } from 'vitest';
import { upload } from './auth-client.js';
import { expectNoResidue, residue } from './auth-leaks.js';
import { multipartHead, rawRequest, type RawResponse } from './auth-raw.js';
import { startAuthStack, type AuthProviderName, type AuthStack } from './auth-stack.js';
import { userToken } from './auth-tokens.js';

/** What a hostile-input suite reaches once its stack runs. */
export interface HostileContext {
  readonly stack: AuthStack;
  /** A valid token of the suite's user, and its header. */
  readonly token: string;
  readonly auth: Record<string, string>;
  /** Runs `attack` and asserts that it stored and held nothing. */
  leavesNothing(attack: () => Promise<void>): Promise<void>;
  /** A raw chunked multipart `POST /v1/files` (`boundary` null: none in the Content-Type). */
  uploadRaw(body: Iterable<Buffer | string>, boundary?: string | null): Promise<RawResponse | undefined>;
}

/** Starts an auth stack for the enclosing `describe` (with a warm-up upload) and stops it after. */
export function hostileContext(providerName: AuthProviderName): HostileContext {
  let stack: AuthStack | undefined;
  let token = '';
  beforeAll(async () => {
    stack = await startAuthStack(providerName);
    token = await userToken('user-a');
    // Warm the pools (database, provider connections) so the baseline is steady.
    expect((await upload(stack, { token, files: [{ data: 'warm', name: 'warm.txt' }] })).status).toBe(201);
  });
  afterAll(async () => {
    await stack?.close();
  });
  const context: HostileContext = {
    get stack() {
      if (stack === undefined) throw new Error('the stack did not start');
      return stack;
    },
    get token() {
      return token;
    },
    get auth() {
      return { authorization: `Bearer ${token}` };
    },
    async leavesNothing(attack) {
      const before = await residue(context.stack);
      await attack();
      await expectNoResidue(context.stack, before);
    },
    uploadRaw(body, boundary = 'hostile') {
      return rawRequest(context.stack.url, multipartHead('/v1/files', boundary ?? undefined, context.auth), body, { timeoutMs: 15_000 });
    },
  };
  return context;
}
