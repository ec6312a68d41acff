import { Upload, type HttpRequest } from 'tus-js-client';

/** Uploads `data` with the real tus-js-client; resolves with the final URL and the offsets each PATCH started at. */
export function tusUpload(endpoint: string, data: Buffer, options: { metadata?: Record<string, string>; chunkSize?: number; uploadUrl?: string; stopAfter?: number; retryDelays?: number[] } = {}) {
  const patchOffsets: number[] = [];
  let fileHeader: string | null = null;
  return new Promise<{ url: string; patchOffsets: number[]; fileHeader: string | null }>((resolve, reject) => {
    const upload: Upload = new Upload(data, {
      endpoint,
      ...(options.uploadUrl === undefined ? {} : { uploadUrl: options.uploadUrl }),
      metadata: { filename: 'big.bin', contentType: 'application/octet-stream', ...options.metadata },
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
      retryDelays: options.retryDelays ?? [0, 50, 100, 200],
      storeFingerprintForResuming: false,
      onBeforeRequest(req: HttpRequest) {
        if (req.getMethod() === 'PATCH') patchOffsets.push(Number(req.getHeader('Upload-Offset')));
      },
      onAfterResponse(_req, res) {
        fileHeader = res.getHeader('Stowage-File') ?? fileHeader;
      },
      onChunkComplete(_size, accepted) {
        if (options.stopAfter !== undefined && accepted >= options.stopAfter) {
          void upload.abort().then(() => reject(Object.assign(new Error('stopped'), { url: upload.url, accepted })));
        }
      },
      onSuccess: () => resolve({ url: upload.url!, patchOffsets, fileHeader }),
      // The upload URL comes with the failure, so a test can resume elsewhere.
      onError: (error) => reject(Object.assign(error, { url: upload.url })),
    });
    upload.start();
  });
}
