import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './main.js';
import { parseSource } from './provider-source.js';

function io(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: process.cwd(), env: {} };
}

describe('main', () => {
  it('lists the commands', async () => {
    const help = io();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out.join('')).toContain('contract');
    expect(await main([], io())).toBe(2);
  });

  it('refuses an unknown command', async () => {
    const unknown = io();
    expect(await main(['teleport'], unknown)).toBe(2);
    expect(unknown.err.join('')).toContain('Unknown command "teleport"');
  });

  it('reports usage errors of a command in one line, exit 2', async () => {
    const bad = io();
    expect(await main(['contract'], bad)).toBe(2);
    expect(bad.err.join('')).toMatch(/^stowage contract: expected one provider, got none/);
    const unknownOption = io();
    expect(await main(['contract', 'local', '--bucket', 'x'], unknownOption)).toBe(2);
    expect(await main(['contract', 'local', '--only', 'nothing.like.this'], io())).toBe(2);
  });

  it('prints its version', async () => {
    const version = io();
    expect(await main(['--version'], version)).toBe(0);
    expect(version.out.join('')).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('parseSource', () => {
  it('tells Stowage and Strapi providers apart', () => {
    expect(parseSource('local')).toEqual({ kind: 'stowage', specifier: 'local' });
    expect(parseSource('./dist/index.js')).toEqual({ kind: 'stowage', specifier: './dist/index.js' });
    expect(parseSource('strapi:@strapi/provider-upload-aws-s3')).toEqual({ kind: 'strapi', specifier: '@strapi/provider-upload-aws-s3' });
    expect(parseSource('strapi-provider-upload-x', { strapi: true })).toEqual({ kind: 'strapi', specifier: 'strapi-provider-upload-x' });
  });
});
