import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the headers of the running Node are, for node-gyp (better-sqlite3 compiles from source here: no
 * prebuilt binary is reachable). The same search as scripts/bootstrap.sh: `npm_config_nodedir`, the Node
 * prefix, the npm `node` package's platform package, /usr, /usr/local; each only when its headers are of
 * the running major version, since the suite also runs on a second Node whose headers bootstrap.sh did not
 * pick. Undefined when none is found (node-gyp then tries to download them, and fails without the network).
 */
export function nodeHeadersDir(): string | undefined {
  const major = process.versions.node.split('.')[0];
  const prefix = dirname(dirname(process.execPath));
  const platformPackages = existsSync(join(prefix, 'node_modules'))
    ? readdirSync(join(prefix, 'node_modules')).filter((name) => /^node-[a-z0-9]+-[a-z0-9]+$/.test(name)).map((name) => join(prefix, 'node_modules', name))
    : [];
  const fromEnv = process.env.npm_config_nodedir ?? process.env.NPM_CONFIG_NODEDIR;
  const candidates = [...(fromEnv ? [fromEnv] : []), prefix, ...platformPackages, '/usr', '/usr/local'];
  return candidates.find((dir) => {
    const header = join(dir, 'include', 'node', 'node_version.h');
    return existsSync(header) && new RegExp(`define NODE_MAJOR_VERSION ${major}\\s`).test(readFileSync(header, 'utf8'));
  });
}
