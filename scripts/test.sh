#!/usr/bin/env bash
# Runs every test of the project from a clean clone: installs pnpm and the workspace, then each package's
# suite (whose setup installs and starts the real servers it needs on 127.0.0.1), the core and local suites
# again on Node 24, and the package checks (build, publint, are-the-types-wrong).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

started=$SECONDS
step() { printf '\n== %s (%ss elapsed)\n' "$1" "$((SECONDS - started))"; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

step "typecheck"
pnpm typecheck

step "tests"
pnpm test 2>&1 | tee -a "$log"

step "docs/providers.md matches the conformance reports"
node scripts/providers-doc.mjs --check

step "core and provider-local suites on Node 24"
# The npm package `node` ships real Node binaries; this resolves the path of a v24 one.
node24="$(npx -y -p node@24 node -p 'process.execPath')"
for pkg in core provider-local; do
  (cd "packages/$pkg" && "$node24" "$root/node_modules/vitest/vitest.mjs" run) 2>&1 | tee -a "$log"
done

step "build and package checks"
pnpm build
pnpm lint

step "done"
node scripts/test-summary.mjs < "$log"
