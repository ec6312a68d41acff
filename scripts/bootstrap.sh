#!/usr/bin/env bash
# Sourced by start.sh and test.sh. Makes the pinned pnpm available through corepack and installs the
# workspace from the lockfile. Works on a fresh Debian machine that has only Node 20 and npm.
set -euo pipefail

# The registries these machines reach serve no package signatures; corepack's key check would refuse pnpm.
export COREPACK_INTEGRITY_KEYS=0
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1

# Native modules (better-sqlite3: no prebuilt binary is reachable here) build with node-gyp, which
# downloads Node's headers unless told where they are. Every Node install we target ships them:
# an official tarball in include/node beside bin/, the npm `node` package in its platform package,
# Debian's nodejs in /usr/include/node. Point node-gyp at the headers of the Node that runs this script.
if [[ -z "${npm_config_nodedir:-}" ]]; then
  node_prefix="$(dirname "$(dirname "$(node -p 'process.execPath')")")"
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  # The npm `node` package keeps the real install (bin, include) in node_modules/node-<platform>-<arch>.
  for dir in "$node_prefix" "$node_prefix"/node_modules/node-*-* /usr /usr/local; do
    # Headers of another major version would build a module this Node refuses to load.
    if grep -qs "define NODE_MAJOR_VERSION $node_major\$" "$dir/include/node/node_version.h"; then
      export npm_config_nodedir="$dir"
      break
    fi
  done
  if [[ -z "${npm_config_nodedir:-}" ]]; then
    echo "bootstrap: no Node headers found in $node_prefix/include/node or /usr/include/node;" >&2
    echo "bootstrap: native modules will try to download them (set npm_config_nodedir to avoid that)" >&2
  fi
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

wanted="$(node -p 'require("./package.json").packageManager.split("@")[1]')"
if [[ "$(pnpm --version 2>/dev/null || true)" != "$wanted" ]]; then
  if ! corepack enable 2>/dev/null; then
    # Not root: put the shims in the user's own bin directory instead of /usr/bin.
    mkdir -p "$HOME/.local/bin"
    corepack enable --install-directory "$HOME/.local/bin"
    export PATH="$HOME/.local/bin:$PATH"
  fi
fi
echo "pnpm $(pnpm --version) on node $(node --version)"
pnpm install --frozen-lockfile
