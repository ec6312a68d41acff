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
native_log="$(mktemp)"
container_log="$(mktemp)"
trap 'bash scripts/native-for-node.sh restore; rm -f "$log" "$native_log" "$container_log"' EXIT

# The npm package `node` ships real Node binaries (and their headers); this resolves a v24 one. Its
# native modules build in the background while the first run of the suite goes on.
node24="$(npx -y -p node@24 node -p 'process.execPath')"
bash scripts/native-for-node.sh build "$node24" >"$native_log" 2>&1 &
native_build=$!

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
if ! wait "$native_build"; then
  cat "$native_log" >&2
  exit 1
fi
bash scripts/native-for-node.sh park
PATH="$(dirname "$node24"):$PATH" pnpm test 2>&1 | tee -a "$log"
bash scripts/native-for-node.sh restore

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
