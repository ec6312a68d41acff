import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from './io.js';
import { expandEnv, readOptionsFile } from './options-file.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'stowage-cli-options-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('expandEnv', () => {
  it('replaces ${NAME} in nested strings and leaves other values alone', () => {
    const env = { BUCKET: 'uploads', SECRET: 's3cr3t' };
    expect(expandEnv({ bucket: '${BUCKET}', auth: { key: 'k-${SECRET}-x' }, list: ['${BUCKET}', 3], flag: true, none: null }, env)).toEqual({
      bucket: 'uploads',
      auth: { key: 'k-s3cr3t-x' },
      list: ['uploads', 3],
      flag: true,
      none: null,
    });
  });

  it('keeps text that only looks like a reference', () => {
    expect(expandEnv('$HOME and ${not a name}', {})).toBe('$HOME and ${not a name}');
  });

  it('names a missing variable', () => {
    expect(() => expandEnv({ key: '${MISSING_ONE}' }, {})).toThrow(/MISSING_ONE, which is not set/);
  });
});

describe('readOptionsFile', () => {
  it('reads JSON relative to cwd', async () => {
    await writeFile(join(work, 'ok.json'), '{"root":"${ROOT}"}');
    await expect(readOptionsFile('ok.json', work, { ROOT: '/data' })).resolves.toEqual({ root: '/data' });
  });

  it('refuses invalid JSON and missing files with a CliError', async () => {
    await writeFile(join(work, 'bad.json'), '{root:');
    await expect(readOptionsFile('bad.json', work, {})).rejects.toThrow(CliError);
    await expect(readOptionsFile('bad.json', work, {})).rejects.toThrow(/not valid JSON/);
    await expect(readOptionsFile('missing.json', work, {})).rejects.toThrow(/ENOENT/);
  });
});
