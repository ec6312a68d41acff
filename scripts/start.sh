#!/usr/bin/env bash
# Runs the Stowage server on its embedded default: provider-local in ./uploads, file records in SQLite
# ./stowage.db, port 1337. Installs pnpm and the workspace first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec pnpm start "$@"
