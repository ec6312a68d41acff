import { StowageError } from '@stowage/core';

/** The longest lifetime SigV4 allows a presigned request: 7 days. */
export const MAX_EXPIRES_IN = 604_800;

/** A signed URL's lifetime in seconds, checked. @throws `INVALID_INPUT` naming `expiresIn`. */
export function expiresInSeconds(value: number | undefined, fallback: number, key: string): number {
  const seconds = value ?? fallback;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_EXPIRES_IN) {
    throw new StowageError('INVALID_INPUT', `Invalid expiresIn: expected whole seconds from 1 to ${MAX_EXPIRES_IN}`, { key, provider: 'aws-s3' });
  }
  return seconds;
}
