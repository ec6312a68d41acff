import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('the Strapi family is a plugin', () => {
  // A copy of the package without families/strapi/, without the lines that name it in the composition
  // (families/index.ts) and without the Strapi tests must type-check and pass the Nhost suite: nothing
  // else reaches into the family.
  it('leaves a server (and its other tests) that type-checks and passes the Nhost suite when its folder and its lines in families/index.ts are removed', async () => {
    // Under the package's node_modules, so that the copy resolves the same dependencies.
    const copy = join(packageDir, 'node_modules', '.cache', 'without-strapi');
    await rm(copy, { recursive: true, force: true });
    await mkdir(copy, { recursive: true });
    try {
      for (const entry of ['src', 'test', 'package.json']) await cp(join(packageDir, entry), join(copy, entry), { recursive: true });
      const excluded: string[] = [];
      for (const dir of ['test', 'test/helpers']) {
        for (const name of (await readdir(join(copy, dir))).filter((n) => n.endsWith('.ts'))) {
          const text = await readFile(join(copy, dir, name), 'utf8');
          if (/strapi/i.test(name) || /families\/strapi|strapi-fixtures|\bstrapi: \{/.test(text)) {
            await rm(join(copy, dir, name));
            excluded.push(`${dir}/${name}`);
          }
        }
      }
      // The Nhost suites stay in the check.
      expect(excluded).not.toContain('test/nhost-local-sqlite.test.ts');
      expect(excluded).not.toContain('test/helpers/nhost-suite.ts');
      await rm(join(copy, 'src', 'families', 'strapi'), { recursive: true });
      const composition = join(copy, 'src', 'families', 'index.ts');
      const lines = (await readFile(composition, 'utf8')).split('\n');
      const kept = lines.filter((line) => !/strapi/i.test(line) || line.trimStart().startsWith('*'));
      expect(lines.length - kept.length).toBe(3); // its import, its re-export, its entry in the list
      await writeFile(composition, kept.join('\n'));
      // Test helpers reach into node_modules by relative path.
      await symlink(join(packageDir, 'node_modules'), join(copy, 'node_modules'));
      await writeFile(join(copy, 'tsconfig.json'), JSON.stringify({ extends: join(packageDir, 'tsconfig.json'), include: ['src', 'test'] }));
      const tsc = createRequire(join(packageDir, 'package.json')).resolve('typescript/bin/tsc');
      const result = await run(process.execPath, [tsc, '--noEmit', '-p', copy]).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(result).toBe('');
      // And the Nhost suite passes on what is left (local disk and SQLite: no shared test servers needed).
      const shared = fileURLToPath(new URL('../../../vitest.shared.ts', import.meta.url));
      await writeFile(join(copy, 'vitest.config.ts'), `import { stowageVitestConfig } from ${JSON.stringify(shared)};\nexport default stowageVitestConfig();\n`);
      const vitest = join(dirname(createRequire(join(packageDir, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs');
      const suite = await run(process.execPath, [vitest, 'run', '--root', copy, 'test/nhost-local-sqlite.test.ts'], { cwd: copy }).then(
        ({ stdout }) => ({ ok: true, stdout: stdout.replace(/\x1b\[[0-9;]*m/g, '') }),
        (error: { stdout?: string }) => ({ ok: false, stdout: error.stdout ?? String(error) }),
      );
      expect(suite.ok, suite.stdout).toBe(true);
      expect(suite.stdout).toMatch(/Tests\s+\d+ passed/);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 240_000);
});
