import manifest from '../package.json' with { type: 'json' };

/** The installed `@stowage/server` version: what `/v1/version`, the OpenAPI document and `stowage serve --version` report. */
export const VERSION: string = manifest.version;
