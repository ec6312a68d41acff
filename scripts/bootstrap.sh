#!/usr/bin/env bash
# Sourced by start.sh and test.sh. Makes the pinned pnpm available through corepack and installs the
# workspace from the lockfile. Works on a fresh Debian machine that has only Node 20 and npm.
set -euo pipefail

# The registries these machines reach serve no package signatures; corepack's key check would refuse pnpm.
export COREPACK_INTEGRITY_KEYS=0
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1

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
