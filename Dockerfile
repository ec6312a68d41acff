# The Stowage upload server (`stowage serve`) on Debian slim, as a non-root user, with one volume (/data)
# for the uploads (/data/uploads) and the SQLite database (/data/stowage.db). See docs/deployment.md.
#
#   docker build -t stowage .
#   docker run -d -p 1337:1337 -v stowage-data:/data \
#     -e STOWAGE_JWT_SECRET=... -e STOWAGE_ADMIN_SECRET=... stowage
#
# Node 24: the newest LTS line whose support runs longest (to April 2028; 22 ends in April 2027), inside
# the project's engines (>=20). On it the server uses better-sqlite3 13 (Node-API, prebuilt); 12, which
# Node 20 needs, is still built below so that any NODE_IMAGE works. The base is an argument so that
# a build without access to an image registry can pass its own (scripts/container-test.sh does).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 12 has no prebuilt binary reachable here and builds with node-gyp: it needs a compiler and
# Python, and the headers of this Node (the official images have them in /usr/local/include/node), which
# npm_config_nodedir points at so that node-gyp never downloads them.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local \
    CI=true \
    PNPM_HOME=/pnpm \
    TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1
WORKDIR /src
COPY . .
# A registry reached through a TLS-inspecting proxy needs its CA: pass it as a build secret,
#   docker build --secret id=ca,src=/etc/ssl/certs/ca-certificates.crt .
# It is read from /run/secrets/ca during these steps only and never written into a layer.
# The pnpm store is a cache mount: rebuilds after a source change reuse the downloads and the built
# better-sqlite3 (pnpm's side-effects cache) instead of compiling it again.
RUN --mount=type=secret,id=ca --mount=type=cache,id=stowage-pnpm-store,target=/pnpm/store \
    set -eu; \
    if [ -s /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca; fi; \
    npm install -g --no-fund --no-audit "pnpm@$(node -p 'require("./package.json").packageManager.split("@")[1]')"; \
    # Only the packages the image runs (the server, the CLI and their workspace dependencies: `name...`),
    # and their build tools: not the other providers, the benchmarks or the test servers.
    pnpm install --frozen-lockfile --store-dir /pnpm/store --filter '@stowage/server...' --filter '@stowage/cli...'; \
    pnpm --filter '@stowage/server...' --filter '@stowage/cli...' run build; \
    # The server with its production dependencies only (better-sqlite3 built above, sharp's prebuilt binary)...
    pnpm --config.inject-workspace-packages=true --filter @stowage/server deploy --prod --store-dir /pnpm/store /out/stowage; \
    # ... and the `stowage` CLI, as published, beside it: `stowage serve` imports @stowage/server, found
    # through the link to the deployed server, and @stowage/core from the server's dependencies.
    pnpm --filter @stowage/cli pack --pack-destination /tmp/cli; \
    mkdir -p /out/stowage/node_modules/@stowage/cli; \
    tar -xzf /tmp/cli/*.tgz -C /out/stowage/node_modules/@stowage/cli --strip-components=1; \
    ln -s ../.. /out/stowage/node_modules/@stowage/server; \
    # better-sqlite3 needs only its compiled module (12) or its prebuilt ones (13) at run time, not the
    # objects and sources a build leaves.
    for dir in /out/stowage/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do \
      find "$dir/build/Release" -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} +; \
      rm -rf "$dir/build/deps" "$dir/deps" "$dir/src"; \
    done; \
    node /out/stowage/node_modules/@stowage/cli/dist/bin.js serve --version

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
RUN groupadd --system --gid 10001 stowage \
 && useradd --system --uid 10001 --gid stowage --home-dir /data --no-create-home --shell /usr/sbin/nologin stowage \
 && mkdir -p /data \
 && chown stowage:stowage /data
COPY --from=build /out/stowage /opt/stowage
RUN ln -s /opt/stowage/node_modules/@stowage/cli/dist/bin.js /usr/local/bin/stowage
# The server's working directory: ./uploads (the local provider) and ./stowage.db (SQLite) land in the
# volume, and a stowage.config.{ts,js,json} placed there is read at start.
WORKDIR /data
VOLUME ["/data"]
USER stowage:stowage
EXPOSE 1337
# /healthz checks the provider and the database. It follows STOWAGE_PORT / PORT; a port set only in a
# configuration file needs its own HEALTHCHECK.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.STOWAGE_PORT || process.env.PORT || 1337) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["stowage"]
CMD ["serve"]
