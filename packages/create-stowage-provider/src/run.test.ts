import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ask } from './prompt.js';
import { run } from './run.js';

let work: string;
let out: string[];
let err: string[];

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'create-stowage-provider-run-'));
  out = [];
  err = [];
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

function io(ask?: Ask) {
  return { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), cwd: work, ...(ask ? { ask } : {}) };
}

/** An asker that answers from a script and records the questions. */
function scripted(answers: string[]): { ask: Ask; questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    ask: async (question, fallback) => {
      questions.push(question);
      const answer = answers.shift() ?? '';
      return answer === '' ? (fallback ?? '') : answer;
    },
  };
}

describe('run', () => {
  it('generates into ./stowage-provider-upload-<name> by default', async () => {
    expect(await run(['vault', '--yes'], io())).toBe(0);
    expect(await readdir(join(work, 'stowage-provider-upload-vault'))).toContain('package.json');
    expect(out.join('')).toContain('Created stowage-provider-upload-vault (provider "vault") in stowage-provider-upload-vault');
  });

  it('honours --scope and --dir', async () => {
    expect(await run(['vault', '--scope', 'acme', '--dir', 'pkgs/vault'], io())).toBe(0);
    const manifest = JSON.parse(await readFile(join(work, 'pkgs/vault/package.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe('@acme/stowage-provider-upload-vault');
  });

  it('asks for what is missing on a terminal', async () => {
    const { ask, questions } = scripted(['vault', '@acme', 'here']);
    expect(await run([], io(ask))).toBe(0);
    expect(questions).toHaveLength(3);
    const manifest = JSON.parse(await readFile(join(work, 'here/package.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe('@acme/stowage-provider-upload-vault');
  });

  it('never asks with --yes, and fails without a name', async () => {
    const { ask, questions } = scripted(['vault']);
    expect(await run(['--yes'], io(ask))).toBe(2);
    expect(questions).toEqual([]);
    expect(err.join('')).toContain('A provider name is required');
  });

  it('fails without a name off a terminal instead of waiting', async () => {
    expect(await run([], io())).toBe(2);
  });

  it('refuses a bad name with the reason', async () => {
    expect(await run(['My Backend', '--yes'], io())).toBe(1);
    expect(err.join('')).toContain('Invalid provider name "My Backend"');
    expect(await readdir(work)).toEqual([]);
  });

  it('refuses a non-empty directory', async () => {
    expect(await run(['vault', '--dir', 'x', '--yes'], io())).toBe(0);
    expect(await run(['vault', '--dir', 'x', '--yes'], io())).toBe(1);
    expect(err.join('')).toContain('is not empty');
  });

  it('rejects unknown options with the usage', async () => {
    expect(await run(['vault', '--bucket', 'x'], io())).toBe(2);
    expect(err.join('')).toContain('Usage: npm create stowage-provider');
  });

  it('prints help and version', async () => {
    expect(await run(['--help'], io())).toBe(0);
    expect(out.join('')).toContain('--scope <scope>');
    expect(await run(['--version'], io())).toBe(0);
    expect(out.at(-1)).toMatch(/^\d+\.\d+\.\d+/);
  });
});
