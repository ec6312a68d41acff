import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import busboy from 'busboy';
import express from 'express';
import Fastify from 'fastify';
import multer from 'multer';
import { answer, listen, uniqueName } from './listen.js';

/** express + multer, as its README shows: `upload.single('file')` with memory or disk storage. */
export function startMulter(dir: string, storage: 'memory' | 'disk'): Promise<number> {
  const upload = multer({ storage: storage === 'memory' ? multer.memoryStorage() : multer.diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, uniqueName()) }) });
  const app = express();
  app.post('/upload', upload.single('file'), (req, res) => {
    res.status(201).json({ size: req.file?.size });
  });
  const server = createServer({ requestTimeout: 0 }, app);
  return listen(server);
}

/** fastify + @fastify/multipart, as its README shows: `await request.file()` piped to a file. */
export async function startFastify(dir: string): Promise<number> {
  const app = Fastify({ logger: false, requestTimeout: 0 });
  // The plugin's default file limit is 1 MB; the others have none either.
  await app.register(fastifyMultipart, { limits: { fileSize: Number.MAX_SAFE_INTEGER } });
  app.post('/upload', async (request, reply) => {
    const data = await request.file();
    if (data === undefined) return reply.code(400).send({ error: 'no file' });
    const out = createWriteStream(join(dir, uniqueName()));
    await pipeline(data.file, out);
    return reply.code(201).send({ size: out.bytesWritten });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('fastify did not listen on a port');
  return address.port;
}

interface StrapiLocalProvider {
  uploadStream(file: { stream: NodeJS.ReadableStream; hash: string; ext: string; url?: string }): Promise<void>;
}

/**
 * busboy + the real `@strapi/provider-upload-local`: Strapi's upload plugin hands each file's stream
 * to the provider's `uploadStream`, which pipes it into `<public>/uploads`.
 */
export async function startStrapiLocal(dir: string): Promise<number> {
  mkdirSync(join(dir, 'uploads'), { recursive: true });
  // The provider finds its folder through Strapi's global, as it does inside Strapi.
  (globalThis as { strapi?: unknown }).strapi = { dirs: { static: { public: dir } } };
  const { default: provider } = (await import('@strapi/provider-upload-local')) as unknown as { default: { init(options: object): StrapiLocalProvider } };
  const local = provider.init({});
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    const parser = busboy({ headers: req.headers });
    const uploads: Promise<string | undefined>[] = [];
    parser.on('file', (_name, stream) => {
      const file = { stream, hash: uniqueName().replace(/\.bin$/, ''), ext: '.bin', url: undefined as string | undefined };
      uploads.push(local.uploadStream(file).then(() => file.url));
    });
    parser.on('close', () => {
      Promise.all(uploads).then(
        (urls) => answer(res, 201, { urls }),
        (error: Error) => answer(res, 500, { error: error.message }),
      );
    });
    parser.on('error', (error: Error) => answer(res, 400, { error: error.message }));
    req.pipe(parser);
  });
  return listen(server);
}
