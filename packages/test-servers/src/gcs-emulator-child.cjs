'use strict';
/*
 * The Cloud Storage emulator of firebase-tools, run in its own process by gcs-emulator.ts.
 *
 * Started from its storage module rather than the CLI, because the CLI needs Java 21 and downloads a rules
 * runtime at start (neither is available offline). The GCS JSON API it serves uses the admin storage layer,
 * which never consults rules, so an allow-all rules manager stands in for the rules runtime.
 *
 * A test-only layer in front of the emulator fills its gaps, each from Google's documentation:
 *   - multi-chunk resumable uploads: its own PUT finalizes the object on the first request (200 instead of
 *     308); gcs-resumable.cjs implements the protocol on session URIs;
 *   - with trusted service-account public keys (env STOWAGE_GCS_TRUSTED_KEYS, JSON {email: PEM}), V4 signed
 *     URLs and POST policy forms are verified as GCS does (gcs-signatures.cjs) before the emulator serves them;
 *   - requests under /storage/v1/ (the real JSON API's base path, which the SDK uses with apiEndpoint) are
 *     served by the emulator's routes, most of which it registers only without that prefix.
 * With STOWAGE_GCS_BARE=1 none of this is in front: the emulator answers exactly as firebase-tools does
 * (used to show its gaps in a conformance report).
 *
 * Protocol with the parent: argv[2] is the project id; prints one JSON line `{"port":N}` once serving.
 */
const http = require('node:http');
const net = require('node:net');

const { StorageEmulator } = require('firebase-tools/lib/emulator/storage');
const { EmulatorRegistry } = require('firebase-tools/lib/emulator/registry');
const { createApp } = require('firebase-tools/lib/emulator/storage/server');
const { createDestroyer } = require('firebase-tools/lib/utils');
const { parseFormDataMultipartRequest } = require('firebase-tools/lib/emulator/storage/multipart');
const { createSignatureChecker } = require('./gcs-signatures.cjs');
const { makeResumableHandler, sessionId, send } = require('./gcs-resumable.cjs');

const projectId = process.argv[2] || 'stowage-test';

const allowAll = {
  start: async () => ({ errors: [], warnings: [], exist: () => false, all: [] }),
  stop: async () => {},
  getRuleset: () => ({
    verify: async () => ({ permitted: true, issues: { exist: () => false, all: [] } }),
  }),
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const FORM_PATH = /^\/([^/?]+)\/?(?:\?.*)?$/;
const FORM_LIMIT = 130 * 1024 * 1024;

// A POST policy form is read whole (as the emulator itself does), checked, then handed to the emulator's
// own form route with the body already read.
function checkForm(req, res, signatures, app) {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= FORM_LIMIT) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > FORM_LIMIT) return send(res, 413);
    const body = Buffer.concat(chunks);
    let parts;
    try {
      parts = parseFormDataMultipartRequest(req.headers['content-type'], body);
    } catch (error) {
      return send(res, 400, {}, String(error));
    }
    const bucket = decodeURIComponent(FORM_PATH.exec(req.url)[1]);
    if (!signatures.checkPostPolicy(res, bucket, parts)) return;
    req.body = body;
    req._body = true;
    app(req, res);
  });
}

class PatchedStorageEmulator extends StorageEmulator {
  constructor(args) {
    super(args);
    // No rules runtime (a JAR downloaded at start): the GCS JSON API does not use rules.
    this._rulesRuntime = { start: async () => {}, stop: async () => {} };
    this._rulesManager = allowAll;
  }

  createRulesManager() {
    return allowAll;
  }

  async start() {
    const { host, port } = this.getInfo();
    this._app = await createApp(this.args.projectId, this);
    const resumable = makeResumableHandler(this);
    const signatures = createSignatureChecker(JSON.parse(process.env.STOWAGE_GCS_TRUSTED_KEYS || '{}'));
    const bare = process.env.STOWAGE_GCS_BARE === '1';
    const server = http.createServer((req, res) => {
      if (bare) return this._app(req, res);
      if (signatures.enabled && /[?&]x-goog-signature=/i.test(req.url)) {
        if (!signatures.checkSignedUrl(req, res)) return req.resume();
      } else if (signatures.enabled && req.method === 'POST' && FORM_PATH.test(req.url) && /^multipart\/form-data/i.test(req.headers['content-type'] || '')) {
        return checkForm(req, res, signatures, this._app);
      }
      // The real JSON API lives under /storage/v1 (where the SDK sends requests when given apiEndpoint);
      // the emulator registers most routes only without it (as STORAGE_EMULATOR_HOST requests them).
      if (req.url.startsWith('/storage/v1/')) req.url = req.url.slice('/storage/v1'.length);
      const id = (req.method === 'PUT' || req.method === 'DELETE') ? sessionId(req) : undefined;
      if (id === undefined) return this._app(req, res);
      resumable(req, res, id).catch((error) => {
        if (!res.headersSent) send(res, 500, {}, String(error));
      });
    });
    // Node's default 5 s keep-alive timeout races clients reusing an idle socket; after the event loop
    // was busy (committing a 256 MiB object hashes it in JS), that race turned into "socket hang up".
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 125_000;
    server.listen(port, host);
    this.destroyServer = createDestroyer(server);
  }
}

async function main() {
  const port = await freePort();
  const emulator = new PatchedStorageEmulator({ projectId, host: '127.0.0.1', port, rules: { name: 'none', content: '' } });
  await EmulatorRegistry.start(emulator);
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  const stop = () => {
    emulator.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent going away (a crashed test run) must not leave this process behind.
  process.on('disconnect', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`gcs emulator failed to start: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
