import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every ```ts block of docs/writing-a-provider.md must compile. A block whose first line is a path comment
 * (`// src/upload.ts`) is written to that path, so blocks import each other as the guide shows; the rest
 * become files of their own. They are typechecked together with the project's strict settings against
 * core's sources.
 */
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const guide = join(repo, 'docs', 'writing-a-provider.md');
let work: string;

function codeBlocks(markdown: string): { path: string; code: string }[] {
  const blocks: { path: string; code: string }[] = [];
  const fence = /^```ts\n([\s\S]*?)^```/gm;
  for (const match of markdown.matchAll(fence)) {
    const code = match[1] ?? '';
    const path = /^\/\/ ([\w./-]+\.ts)\n/.exec(code)?.[1] ?? `snippet-${blocks.length}.ts`;
    blocks.push({ path, code });
  }
  return blocks;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'stowage-guide-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('docs/writing-a-provider.md', () => {
  it('has TypeScript examples, and they all compile', async () => {
    const blocks = codeBlocks(await readFile(guide, 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(new Set(blocks.map((b) => b.path)).size).toBe(blocks.length);
    await writeFile(join(work, 'package.json'), '{ "type": "module" }');
    for (const block of blocks) {
      await mkdir(dirname(join(work, block.path)), { recursive: true });
      await writeFile(join(work, block.path), block.code);
    }
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(repo, 'node_modules', '@types')],
      paths: {
        '@stowage/core': [join(repo, 'packages/core/src/index.ts')],
        '@stowage/core/testing': [join(repo, 'packages/core/src/testing/index.ts')],
        // zod is a dev dependency of core; its ESM typings.
        zod: [join(repo, 'packages/core/node_modules/zod/index.d.ts')],
      },
    };
    const program = ts.createProgram(blocks.map((b) => join(work, b.path)), options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.slice(work.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
