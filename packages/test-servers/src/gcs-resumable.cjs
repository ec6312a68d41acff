'use strict';
/*
 * Google's resumable upload protocol for a session URI, in front of the firebase-tools Cloud Storage
 * emulator (whose own PUT finalizes the object on the first request, whatever the Content-Range says):
 * https://cloud.google.com/storage/docs/performing-resumable-uploads
 *   - `Content-Range: bytes A-B/TOTAL|*` appends the chunk (bytes the server already has are skipped);
 *     the object is committed only when TOTAL is known and every byte arrived; otherwise 308 with
 *     `Range: bytes=0-N` (no Range header while nothing is stored).
 *   - `Content-Range: bytes *\/TOTAL|*` with no body asks for the status (308, or 200 once committed).
 *   - DELETE cancels the session (499); the session then answers 404.
 * Session creation (POST ...?uploadType=resumable) stays the emulator's own. Chunks are streamed to the
 * emulator's staging file on disk, so a large upload does not sit in memory until the end.
 */
const { CloudStorageObjectMetadata } = require('firebase-tools/lib/emulator/storage/metadata');
const { UploadStatus } = require('firebase-tools/lib/emulator/storage/upload');

const SESSION_PATH = /^\/upload\/storage\/v1\/b\/[^/]+\/o\/?$/;

function sessionId(req) {
  const url = new URL(req.url, 'http://localhost');
  if (!SESSION_PATH.test(url.pathname)) return undefined;
  return url.searchParams.get('upload_id') ?? undefined;
}

function parseContentRange(header) {
  // bytes A-B/TOTAL, bytes A-B/*, bytes */TOTAL, bytes */*
  const m = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec((header || '').trim());
  if (!m) return undefined;
  return {
    start: m[1] === undefined ? undefined : Number(m[1]),
    end: m[2] === undefined ? undefined : Number(m[2]),
    total: m[3] === '*' ? undefined : Number(m[3]),
  };
}

function send(res, status, headers = {}, body) {
  res.writeHead(status, headers);
  res.end(body);
}

function incomplete(res, size) {
  send(res, 308, size > 0 ? { Range: `bytes=0-${size - 1}` } : {});
}

function makeResumableHandler(emulator) {
  const { uploadService, adminStorageLayer } = emulator;
  const cancelled = new Set();

  async function commit(res, upload) {
    uploadService.finalizeResumableUpload(upload.id);
    const metadata = await adminStorageLayer.uploadObject(upload);
    upload.committed = new CloudStorageObjectMetadata(metadata);
    send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(upload.committed));
  }

  return async function handle(req, res, id) {
    let upload;
    try {
      upload = uploadService.getResumableUpload(id);
    } catch {
      return send(res, 404);
    }
    if (cancelled.has(id)) return send(res, 404);
    if (req.method === 'DELETE') {
      if (upload.status === UploadStatus.FINISHED) return send(res, 400);
      uploadService.cancelResumableUpload(id);
      cancelled.add(id);
      return send(res, 499);
    }
    if (upload.status === UploadStatus.FINISHED) {
      req.resume();
      return send(res, 200, { 'Content-Type': 'application/json' }, JSON.stringify(upload.committed ?? {}));
    }
    const range = parseContentRange(req.headers['content-range']);
    if (range === undefined) {
      req.resume();
      return send(res, 400, {}, 'bad Content-Range');
    }
    if (range.start === undefined) {
      // A status query; with a known total it may also finish an upload whose bytes all arrived.
      req.resume();
      if (range.total !== undefined && range.total === upload.size) return commit(res, upload);
      return incomplete(res, upload.size);
    }
    if (range.start > upload.size) {
      req.resume();
      return send(res, 400, {}, `chunk starts at ${range.start}, but only ${upload.size} bytes are stored`);
    }
    let skip = upload.size - range.start;
    let failed = false;
    req.on('data', (chunk) => {
      if (failed) return;
      if (skip >= chunk.length) {
        skip -= chunk.length;
        return;
      }
      const data = skip > 0 ? chunk.subarray(skip) : chunk;
      skip = 0;
      try {
        uploadService.continueResumableUpload(id, data);
      } catch (error) {
        failed = true;
        send(res, 500, {}, String(error));
      }
    });
    req.on('aborted', () => {
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      if (range.total !== undefined && upload.size > range.total) {
        return send(res, 400, {}, `received ${upload.size} bytes, more than the declared ${range.total}`);
      }
      if (range.total !== undefined && upload.size === range.total) {
        commit(res, upload).catch((error) => send(res, 500, {}, String(error)));
        return;
      }
      incomplete(res, upload.size);
    });
  };
}

module.exports = { sessionId, makeResumableHandler, send };
