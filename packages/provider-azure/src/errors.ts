import { RestError } from '@azure/storage-blob';
import { abortError, isStowageError, StowageError, type StowageErrorCode } from '@stowage/core';

/** The provider's name, as in its manifest and in every error it raises. */
export const PROVIDER = 'azure';

/** What an error is about, for its message. */
export interface ErrorContext {
  /** The operation, e.g. `upload`. */
  op: string;
  /** The stored key (prefix included), when there is one. */
  key?: string;
  /** The container name. */
  container: string;
  /** The caller's signal: when it has fired, any failure is reported as `ABORTED`. */
  signal?: AbortSignal | undefined;
}

// Azure's error codes (x-ms-error-code) by the core code they mean.
const BY_AZURE_CODE: Record<string, StowageErrorCode> = {
  BlobNotFound: 'NOT_FOUND',
  CannotVerifyCopySource: 'NOT_FOUND',
  AuthenticationFailed: 'INVALID_CREDENTIALS',
  InvalidAuthenticationInfo: 'INVALID_CREDENTIALS',
  NoAuthenticationInformation: 'INVALID_CREDENTIALS',
  AuthorizationFailure: 'ACCESS_DENIED',
  AuthorizationPermissionMismatch: 'ACCESS_DENIED',
  AuthorizationResourceTypeMismatch: 'ACCESS_DENIED',
  AuthorizationServiceMismatch: 'ACCESS_DENIED',
  AuthorizationProtocolMismatch: 'ACCESS_DENIED',
  AuthorizationSourceIPMismatch: 'ACCESS_DENIED',
  InsufficientAccountPermissions: 'ACCESS_DENIED',
  ContainerNotFound: 'INVALID_OPTIONS',
  ContainerBeingDeleted: 'INVALID_OPTIONS',
  ContainerDisabled: 'INVALID_OPTIONS',
  InvalidRange: 'INVALID_RANGE',
  // Put Block List naming a block Azure no longer has: a resumable upload's staged blocks were discarded
  // (another write to the blob committed meanwhile, or they expired after 7 days).
  InvalidBlockList: 'NOT_FOUND',
  // More than 50,000 blocks in a block list, or 100,000 uncommitted blocks on one blob.
  BlockListTooLong: 'TOO_LARGE',
  BlockCountExceedsLimit: 'TOO_LARGE',
  ServerBusy: 'UNAVAILABLE',
  OperationTimedOut: 'UNAVAILABLE',
  InternalError: 'UNAVAILABLE',
};

const CREDENTIAL_CODES = new Set<StowageErrorCode>(['INVALID_CREDENTIALS', 'ACCESS_DENIED']);
// What @azure/identity credentials throw when they cannot produce a token.
const CREDENTIAL_ERROR_NAMES = new Set(['AuthenticationError', 'CredentialUnavailableError', 'AuthenticationRequiredError', 'AggregateAuthenticationError']);

/**
 * The one place that turns what the Azure SDK throws into a {@link StowageError}. Errors that already are
 * StowageErrors (from the upload meter, key checks) pass through unchanged.
 */
export function toStowageError(error: unknown, context: ErrorContext): StowageError {
  if (isStowageError(error)) return error;
  const key = context.key === undefined ? {} : { key: context.key };
  if (context.signal?.aborted || (error as Error | undefined)?.name === 'AbortError') {
    return withProvider(abortError(context.key, context.signal?.reason ?? error));
  }
  if (CREDENTIAL_ERROR_NAMES.has((error as Error | undefined)?.name ?? '')) {
    // The token credential could not get a token: nothing reached the storage service.
    return new StowageError('INVALID_CREDENTIALS', `Azure ${context.op}: the token credential could not get a token (${(error as Error).name}); check its configuration`, {
      cause: error,
      provider: PROVIDER,
      ...key,
    });
  }
  if (!(error instanceof RestError)) {
    return new StowageError('UNAVAILABLE', `Azure ${context.op} failed: ${describe(error)}`, { cause: error, provider: PROVIDER, ...key });
  }
  const azureCode = azureCodeOf(error);
  const status = error.statusCode;
  const code: StowageErrorCode =
    (isAuthenticationFailure(error, azureCode) ? 'INVALID_CREDENTIALS' : undefined) ||
    (azureCode && BY_AZURE_CODE[azureCode]) ||
    (status === 404 ? 'NOT_FOUND' : undefined) ||
    (status === 401 ? 'INVALID_CREDENTIALS' : undefined) ||
    (status === 403 ? 'ACCESS_DENIED' : undefined) ||
    (status === 416 ? 'INVALID_RANGE' : undefined) ||
    (status === undefined || status >= 500 || status === 408 || status === 429 ? 'UNAVAILABLE' : 'INVALID_INPUT');
  // Azure explains authentication failures with the string it signed; keep the first line and the request id only.
  const cause = CREDENTIAL_CODES.has(code) ? new Error(sanitizedMessage(error)) : error;
  return new StowageError(code, messageFor(code, azureCode ?? `HTTP ${status ?? '?'}`, context), {
    cause,
    provider: PROVIDER,
    ...key,
    ...(code === 'UNAVAILABLE' && status !== undefined && status < 500 && status !== 408 && status !== 429 ? { retryable: false } : {}),
  });
}

/** Runs `fn`, mapping whatever it throws with {@link toStowageError}. */
export async function mapErrors<T>(context: ErrorContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toStowageError(error, context);
  }
}

/** The Azure error code of an SDK error: from the body, or from `x-ms-error-code` on bodiless (HEAD) answers. */
export function azureCodeOf(error: unknown): string | undefined {
  if (!(error instanceof RestError)) return undefined;
  const header = error.response?.headers.get('x-ms-error-code');
  return (typeof error.code === 'string' && error.code !== '' ? error.code : undefined) ?? header ?? undefined;
}

/**
 * Azurite answers a signature that matches no key with `AuthorizationFailure` where Azure says
 * `AuthenticationFailed`; its message still says the server "failed to authenticate" the request, which
 * Azure's own `AuthorizationFailure` ("not authorized to perform this operation") never does.
 */
function isAuthenticationFailure(error: RestError, azureCode: string | undefined): boolean {
  return azureCode === 'AuthorizationFailure' && /failed to authenticate/i.test(error.message);
}

function messageFor(code: StowageErrorCode, azureCode: string, context: ErrorContext): string {
  const what = context.key === undefined ? `container "${context.container}"` : `"${context.key}" in container "${context.container}"`;
  switch (code) {
    case 'NOT_FOUND':
      if (azureCode === 'InvalidBlockList') {
        return `Azure ${context.op}: the staged blocks of this upload to ${what} are gone (${azureCode}): another write to the blob committed meanwhile, or they expired (Azure discards uncommitted blocks after 7 days); start a new upload`;
      }
      return `Azure ${context.op}: no blob ${what} (${azureCode})`;
    case 'TOO_LARGE':
      return `Azure ${context.op}: ${what} would have more blocks than Azure allows (${azureCode}); use a larger blockSize`;
    case 'INVALID_OPTIONS':
      return `Azure ${context.op}: container "${context.container}" does not exist or is unusable (${azureCode}); check the "container" option, or set createContainerIfMissing`;
    case 'INVALID_CREDENTIALS':
      return `Azure ${context.op}: the credentials were refused (${azureCode}); check the account key, SAS token or token credential`;
    case 'ACCESS_DENIED':
      return `Azure ${context.op}: the credentials may not do this on ${what} (${azureCode})`;
    case 'INVALID_RANGE':
      return `Azure ${context.op}: the range cannot be satisfied for ${what} (${azureCode})`;
    default:
      return `Azure ${context.op} failed on ${what} (${azureCode})`;
  }
}

function sanitizedMessage(error: RestError): string {
  const lines = error.message.split('\n');
  const requestId = lines.find((line) => line.startsWith('RequestId:'));
  return [lines[0], requestId].filter(Boolean).join(' ');
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}

function withProvider(error: StowageError): StowageError {
  return new StowageError(error.code, error.message, { cause: error.cause, provider: PROVIDER, ...(error.key === undefined ? {} : { key: error.key }) });
}
