import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** What is wrong with one source map of a package, if anything. */
export interface SourceMapProblem {
  map: string;
  problem: string;
}

/**
 * Checks a source map shipped in a package: each of its `sources` must resolve inside the package root
 * (a path escaping it names the author's machine layout, and debuggers cannot find it), and the map
 * must carry `sourcesContent` for every source, since the sources themselves are not shipped.
 */
export async function sourceMapProblems(root: string, map: string): Promise<SourceMapProblem[]> {
  const parsed = JSON.parse(await readFile(join(root, map), 'utf8')) as { sources?: string[]; sourceRoot?: string; sourcesContent?: (string | null)[] };
  const problems: SourceMapProblem[] = [];
  const sources = parsed.sources ?? [];
  const base = resolve(root, dirname(map), parsed.sourceRoot ?? '');
  const escaping = sources.filter((source) => {
    if (/^[a-z]+:/i.test(source) && !source.startsWith('file:')) return false; // webpack:// and the like name no file
    const inside = relative(root, resolve(base, source.replace(/^file:\/\//, '')));
    return inside.startsWith('..') || isAbsolute(inside);
  });
  if (escaping.length > 0) problems.push({ map, problem: `sources outside the package: ${escaping.join(', ')}` });
  const contents = parsed.sourcesContent ?? [];
  if (contents.length !== sources.length || contents.some((content) => typeof content !== 'string')) {
    problems.push({ map, problem: `sourcesContent missing for ${sources.length - contents.filter((c) => typeof c === 'string').length} of ${sources.length} sources` });
  }
  return problems;
}
