import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyStyle } from './file-object.js';
import type { StrapiFile } from './types.js';

/** What the adapter knows of a well-known Strapi provider, so it works without extra options. */
export interface KnownProvider {
  keyStyle: KeyStyle;
  /** Whether it writes in place, leaving a partial object when the body fails (so the adapter removes it). */
  writesInPlace: boolean;
  /** Prepares what Strapi would have prepared before `init`. */
  prepare?(context: { publicDir: string }): void;
  /** The object's URL (for reads, and for `getSignedUrl`, which checks the URL names its bucket). */
  fileUrl?(file: StrapiFile, providerOptions: Record<string, any>): string | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** By package name. */
export const KNOWN_PROVIDERS: Record<string, KnownProvider> = {
  '@strapi/provider-upload-local': {
    keyStyle: 'flat',
    writesInPlace: true,
    // Strapi creates `public/uploads` at start; provider-local refuses to init without it.
    prepare: ({ publicDir }) => mkdirSync(join(publicDir, 'uploads'), { recursive: true }),
    fileUrl: (file) => `/uploads/${encodeURIComponent(`${file.hash}${file.ext}`)}`,
  },
  '@strapi/provider-upload-aws-s3': {
    keyStyle: 'path',
    // lib-storage aborts its upload when the body fails: the previous object stays.
    writesInPlace: false,
    // As the provider builds it (`constructFileUrl`), with the key percent-encoded so the URL parses.
    fileUrl: (file, options) => {
      const root = typeof options.rootPath === 'string' && options.rootPath !== '' ? `${options.rootPath.replace(/\/+$/, '')}/` : '';
      const key = encodePath(`${root}${file.path === undefined ? '' : `${file.path}/`}${file.hash}${file.ext}`);
      if (typeof options.baseUrl === 'string') return `${options.baseUrl.replace(/\/+$/, '')}/${key}`;
      const s3 = (options.s3Options ?? options) as { endpoint?: unknown; params?: { Bucket?: string } };
      const bucket = s3.params?.Bucket;
      if (bucket === undefined) return undefined;
      if (s3.endpoint !== undefined) return `${String(s3.endpoint).replace(/\/+$/, '')}/${bucket}/${key}`;
      return `https://${bucket}.s3.amazonaws.com/${key}`;
    },
  },
};
