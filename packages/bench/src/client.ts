import { Agent, request } from 'node:http';
import { multipartBody } from './body.js';

/** How a target wants its form: the file's field name and any fields before it. */
export interface FormShape {
  path: string;
  fieldName: string;
  fields?: readonly (readonly [string, string])[];
}

/** One upload's outcome. */
export interface UploadTiming {
  ms: number;
  status: number;
  body: string;
}

/**
 * POSTs one generated file as `multipart/form-data` and resolves once the whole answer is read.
 * Fails on a non-2xx answer, so a broken target never reports a speed.
 */
export function uploadOnce(baseUrl: string, form: FormShape, size: number, agent?: Agent): Promise<UploadTiming> {
  const body = multipartBody({ size, fieldName: form.fieldName, ...(form.fields === undefined ? {} : { fields: form.fields }) });
  const url = new URL(form.path, baseUrl);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: agent ?? false,
      headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) reject(new Error(`POST ${url.pathname} answered ${status}: ${text.slice(0, 300)}`));
        else resolve({ ms, status, body: text });
      });
    });
    req.on('error', reject);
    // A stalled server fails the repetition instead of hanging the whole run.
    req.setTimeout(120_000, () => req.destroy(new Error(`POST ${url.pathname}: no progress for 120 s`)));
    body.stream.on('error', (error) => req.destroy(error));
    body.stream.pipe(req);
  });
}

/** Many uploads of `size` bytes, `concurrency` at a time over kept-alive connections. */
export async function uploadMany(baseUrl: string, form: FormShape, size: number, count: number, concurrency: number): Promise<{ wallMs: number; latencies: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next += 1;
          latencies.push((await uploadOnce(baseUrl, form, size, agent)).ms);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, latencies };
}
