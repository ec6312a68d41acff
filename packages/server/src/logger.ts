import { pino, type Logger } from 'pino';

/**
 * The server's structured logger. Secrets never reach it: credentials live only in provider options
 * (never logged), request logs carry the path without its query (presigned signatures), and these
 * paths are redacted wherever they appear.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'stowage' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-hasura-admin-secret"]',
        '*.secretAccessKey',
        '*.password',
        '*.secret',
        '*.signingSecret',
        '*.adminSecret',
        '*.connectionString',
      ],
      censor: '[redacted]',
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination as unknown as pino.DestinationStream);
}
