import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeHeadersDir } from '../helpers/node-headers.js';
import { childEnv, expectSuccess, runCommand } from '../helpers/run-command.js';

/**
 * Third-party packages the tests install beside the tarballs, pinned: the Strapi provider `stowage contract
 * strapi:local` runs (the version the workspace's own tests use).
 */
export const THIRD_PARTY = ['@strapi/provider-upload-local@5.54.0'];

/** The environment for npm: node-gyp told where Node's headers are, since it cannot download them. */
export function npmEnv(): NodeJS.ProcessEnv {
  const nodedir = nodeHeadersDir();
  return childEnv({ npm_config_update_notifier: 'false', ...(nodedir === undefined ? {} : { npm_config_nodedir: nodedir }) });
}

/**
 * A new npm project in `dir` (outside the repository, so nothing resolves from the workspace) with every
 * tarball installed as a user would install them. All tarballs go in one `npm install`: their
 * `@stowage/*` dependencies carry versions the registry does not have (0.0.0), and npm satisfies them
 * with the tarballs given beside them (the scratch-install test checks no copy came from elsewhere).
 */
export async function createScratchProject(dir: string, tarballs: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'stowage-packed-scratch', version: '0.0.0', private: true, type: 'module' }, null, 2));
  const args = ['install', '--no-audit', '--no-fund', '--loglevel=error', ...Object.values(tarballs), ...THIRD_PARTY];
  expectSuccess('npm install (scratch project)', await runCommand('npm', args, { cwd: dir, env: npmEnv(), timeoutMs: 900_000 }));
}
