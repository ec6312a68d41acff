import { createHash } from 'node:crypto';
import busboy from 'busboy';
import { describe, expect, it } from 'vitest';
import { generatedBytes, multipartBody } from './body.js';

async function parse(size: number) {
  const body = multipartBody({ size, fieldName: 'file[]', filename: 'a.bin', fields: [['bucket-id', 'default']] });
  const parser = busboy({ headers: { 'content-type': body.contentType } });
  const fields: Record<string, string> = {};
  let fileBytes = 0;
  let total = 0;
  const done = new Promise<void>((resolve, reject) => {
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream) => stream.on('data', (chunk: Buffer) => (fileBytes += chunk.length)));
    parser.on('close', resolve);
    parser.on('error', reject);
  });
  body.stream.on('data', (chunk: Buffer) => (total += chunk.length));
  body.stream.pipe(parser);
  await done;
  return { fields, fileBytes, total, contentLength: body.contentLength };
}

describe('multipartBody', () => {
  it('is a valid form whose Content-Length is exact', async () => {
    for (const size of [0, 1, 16 * 1024, 3 * 1024 * 1024 + 17]) {
      const { fields, fileBytes, total, contentLength } = await parse(size);
      expect(fields).toEqual({ 'bucket-id': 'default' });
      expect(fileBytes).toBe(size);
      expect(total).toBe(contentLength);
    }
  });

  it('generates the same bytes for the same size, without holding them', async () => {
    const digest = async () => {
      const hash = createHash('sha256');
      for await (const chunk of generatedBytes(5 * 1024 * 1024 + 3)) hash.update(chunk as Buffer);
      return hash.digest('hex');
    };
    expect(await digest()).toBe(await digest());
  });
});
