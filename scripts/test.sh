#!/usr/bin/env bash
# Runs every test of the project from a clean clone: installs pnpm and the workspace, then each package's
# suite (whose setup installs and starts the real servers it needs on 127.0.0.1), the whole suite again
# on Node 24 (the current LTS), the package checks (build, publint, are-the-types-wrong), and the
# Dockerfile built and run with podman (scripts/container-test.sh, in the background meanwhile).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

started=$SECONDS
step() { printf '\n== %s (%ss elapsed)\n' "$1" "$((SECONDS - started))"; }
log="$(mktemp)"
container_log="$(mktemp)"
trap 'rm -f "$log" "$container_log"' EXIT

# The npm package `node` ships real Node binaries; this resolves a v24 one. The server loads the
# better-sqlite3 line made for it (Node-API, prebuilt; packages/server/src/store/sqlite-driver.ts), so
# the workspace installed on Node 20 runs on it as it is.
node24="$(npx -y -p node@24 node -p 'process.execPath')"

step "typecheck"
pnpm typecheck

# Mostly downloads and an image build of its own: it runs beside the suites, and reports at the end.
bash scripts/container-test.sh >"$container_log" 2>&1 &
container_test=$!

step "tests on Node $(node --version)"
pnpm test 2>&1 | tee -a "$log"

step "docs/providers.md matches the conformance reports"
node scripts/providers-doc.mjs --check

step "tests on Node $("$node24" --version)"
PATH="$(dirname "$node24"):$PATH" pnpm test 2>&1 | tee -a "$log"

step "build and package checks"
pnpm build
pnpm lint

step "the Dockerfile, built and run (scripts/container-test.sh)"
container_status=0
wait "$container_test" || container_status=$?
tee -a "$log" <"$container_log"
[[ $container_status -eq 0 ]] || exit "$container_status"

step "done"
node scripts/test-summary.mjs < "$log"
