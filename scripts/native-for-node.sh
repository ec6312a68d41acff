#!/usr/bin/env bash
# Usage: bash scripts/native-for-node.sh build /path/to/other/node   (may run in the background)
#        bash scripts/native-for-node.sh park     (before running the suite on the other Node)
#        bash scripts/native-for-node.sh restore  (afterwards; safe to repeat)
# Makes the workspace's native modules load on a second Node (another ABI) as well as on the one that
# installed them, to run the whole suite on the current LTS too. better-sqlite3 finds its addon through
# `bindings`, which probes build/Release first and compiled/<node version>/<platform>/<arch> later: so
# each Node's build goes to its own compiled/ folder while both are in use (park), and restore puts
# the installed one back in build/Release. The other Node's build is made offline, against its own headers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

this_version="$(node -p 'process.versions.node')"
platform_arch="$(node -p 'process.platform + "/" + process.arch')"
addons=(node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3)

case "${1:-}" in
  park | restore)
    for addon in "${addons[@]}"; do
      release="$addon/build/Release"
      parked="$addon/compiled/$this_version/$platform_arch"
      if [[ "$1" == park && -f "$release/better_sqlite3.node" ]]; then mkdir -p "$parked" && mv "$release/better_sqlite3.node" "$parked/"; fi
      if [[ "$1" == restore && -f "$parked/better_sqlite3.node" ]]; then mkdir -p "$release" && mv "$parked/better_sqlite3.node" "$release/"; fi
    done
    exit 0
    ;;
  build) ;;
  *) echo "usage: native-for-node.sh build <node> | park | restore" >&2; exit 2 ;;
esac

other_node="$2"
other_version="$("$other_node" -p 'process.versions.node')"
other_prefix="$(dirname "$(dirname "$other_node")")"
headers=""
# An official tarball has include/ beside bin/; the npm `node` package keeps it in its platform package.
for dir in "$other_prefix" "$other_prefix"/node_modules/node-*-*; do
  if [[ -f "$dir/include/node/node_version.h" ]]; then headers="$dir"; break; fi
done
[[ -n "$headers" ]] || { echo "native-for-node: no headers for Node $other_version under $other_prefix" >&2; exit 1; }
node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"

for addon in "${addons[@]}"; do
  theirs="$addon/compiled/$other_version/$platform_arch"
  if [[ ! -f "$theirs/better_sqlite3.node" ]]; then
    scratch="$(mktemp -d)"
    cp -r "$addon/." "$scratch/"
    echo "native-for-node: building $addon for Node $other_version"
    # bootstrap.sh exports npm_config_nodedir for the first Node, and node-gyp would take it over --nodedir.
    if ! (cd "$scratch" && env -u npm_config_nodedir PATH="$(dirname "$other_node"):$PATH" "$other_node" "$node_gyp" rebuild --release --nodedir="$headers") >"$scratch/build.log" 2>&1; then
      cat "$scratch/build.log" >&2
      exit 1
    fi
    "$other_node" -e "require(process.argv[1])" "$scratch/build/Release/better_sqlite3.node" \
      || { echo "native-for-node: the build does not load on Node $other_version" >&2; exit 1; }
    mkdir -p "$theirs"
    cp "$scratch/build/Release/better_sqlite3.node" "$theirs/"
    rm -rf "$scratch"
  fi
done
