import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { toStowageError } from './errors.js';

// Faults a local emulator cannot be made to produce (5xx, throttling, network failures) are built as the
// SDK's own RestError with the status and x-ms-error-code header the service would send.
function restError(status: number | undefined, azureCode?: string, message = 'm'): RestError {
  const request = createPipelineRequest({ url: 'https://acc.blob.core.windows.net/c/k?sig=SECRET' });
  const headers = createHttpHeaders(azureCode === undefined ? {} : { 'x-ms-error-code': azureCode });
  return new RestError(message, {
    ...(status === undefined ? { code: 'REQUEST_SEND_ERROR' } : { statusCode: status, response: { status, headers, request } }),
    request,
  });
}

const context = { op: 'read', container: 'box', key: 'k' };

describe('toStowageError', () => {
  it.each([
    [404, 'BlobNotFound', 'NOT_FOUND'],
    [404, 'CannotVerifyCopySource', 'NOT_FOUND'],
    [403, 'AuthenticationFailed', 'INVALID_CREDENTIALS'],
    [403, 'AuthorizationFailure', 'ACCESS_DENIED'],
    [403, 'AuthorizationPermissionMismatch', 'ACCESS_DENIED'],
    [404, 'ContainerNotFound', 'INVALID_OPTIONS'],
    [416, 'InvalidRange', 'INVALID_RANGE'],
    [500, 'InternalError', 'UNAVAILABLE'],
    [503, 'ServerBusy', 'UNAVAILABLE'],
    [502, undefined, 'UNAVAILABLE'],
    [429, undefined, 'UNAVAILABLE'],
    [400, 'InvalidHeaderValue', 'INVALID_INPUT'],
    [400, 'InvalidBlockList', 'NOT_FOUND'],
    [400, 'BlockListTooLong', 'TOO_LARGE'],
    [409, 'BlockCountExceedsLimit', 'TOO_LARGE'],
    [undefined, undefined, 'UNAVAILABLE'],
  ] as const)('HTTP %s %s is %s', (status, azureCode, expected) => {
    const error = toStowageError(restError(status, azureCode), context);
    expect(error.code).toBe(expected);
    expect(error.provider).toBe('azure');
    expect(error.retryable).toBe(expected === 'UNAVAILABLE');
    expect(error.message).not.toContain('SECRET');
  });

  it('says why staged blocks are gone for InvalidBlockList, and what to change for the block limits', () => {
    expect(toStowageError(restError(400, 'InvalidBlockList'), { op: 'completeResumable', container: 'box', key: 'k' }).message).toMatch(/staged blocks of this upload to "k" in container "box" are gone .*start a new upload/);
    expect(toStowageError(restError(409, 'BlockCountExceedsLimit'), { op: 'upload', container: 'box', key: 'k' }).message).toMatch(/more blocks than Azure allows .*larger blockSize/);
  });

  it('names the container for ContainerNotFound', () => {
    expect(toStowageError(restError(404, 'ContainerNotFound'), context).message).toContain('container "box" does not exist');
  });

  it("reads Azurite's AuthorizationFailure for a bad signature as INVALID_CREDENTIALS", () => {
    const azurite = restError(403, 'AuthorizationFailure', 'Server failed to authenticate the request. Make sure the value of the Authorization header is formed correctly including the signature.');
    expect(toStowageError(azurite, context).code).toBe('INVALID_CREDENTIALS');
    const azure = restError(403, 'AuthorizationFailure', 'This request is not authorized to perform this operation.');
    expect(toStowageError(azure, context).code).toBe('ACCESS_DENIED');
  });

  it('keeps only the first line and request id of credential failures as the cause', () => {
    const error = toStowageError(restError(403, 'AuthenticationFailed', 'Server failed.\nRequestId:abc\nAuthenticationErrorDetail: string to sign ...'), context);
    expect((error.cause as Error).message).toBe('Server failed. RequestId:abc');
  });

  it('reports ABORTED when the signal fired or the SDK aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toStowageError(restError(500), { ...context, signal: controller.signal }).code).toBe('ABORTED');
    const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(toStowageError(abort, context).code).toBe('ABORTED');
  });

  it('reports a credential that cannot get a token as INVALID_CREDENTIALS', async () => {
    const { CredentialUnavailableError } = await import('@azure/identity');
    expect(toStowageError(new CredentialUnavailableError('no managed identity endpoint'), context).code).toBe('INVALID_CREDENTIALS');
  });

  it('passes StowageErrors through and treats other errors as UNAVAILABLE', () => {
    const original = toStowageError(restError(404, 'BlobNotFound'), context);
    expect(toStowageError(original, context)).toBe(original);
    const network = toStowageError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), context);
    expect(isStowageError(network, 'UNAVAILABLE')).toBe(true);
    expect(network.message).toContain('ECONNREFUSED');
  });
});
