import { S3Client } from '@aws-sdk/client-s3';
import { StowageError } from '@stowage/core';
import type { ResolvedS3Options } from './options.js';

/**
 * The S3 client the provider uses: the injected one, or one built from the options with the defaults
 * that make S3-compatible services work (path style and checksums only when required on custom endpoints).
 * @throws `INVALID_OPTIONS` when no region is configured anywhere.
 */
export async function createClient(options: ResolvedS3Options): Promise<{ client: S3Client; owned: boolean }> {
  if (options.client !== undefined) return { client: options.client, owned: false };
  // An explicit AWS endpoint (FIPS, dual-stack, VPC) is still AWS: AWS's defaults apply.
  const custom = options.endpoint !== undefined && !isAwsEndpoint(options.endpoint);
  // The SDK's aws-chunked trailer checksums break most S3-compatible servers (411, 501 or corrupted objects).
  // Path style needs no wildcard DNS or certificates for `bucket.host`, which IP addresses, localhost and
  // most self-hosted servers lack; R2, Spaces, B2 and Wasabi take it too.
  const checksums = custom ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
  const client = new S3Client({
    ...(options.region !== undefined ? { region: options.region } : custom ? { region: 'us-east-1' } : {}),
    ...(options.credentials !== undefined ? { credentials: { ...options.credentials } } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? custom,
    requestChecksumCalculation: options.requestChecksumCalculation ?? checksums,
    responseChecksumValidation: options.responseChecksumValidation ?? checksums,
  });
  try {
    await client.config.region();
  } catch (error) {
    client.destroy();
    throw new StowageError('INVALID_OPTIONS', 'Invalid options for provider "aws-s3": region: not set, and the AWS SDK found none (AWS_REGION, profile)', { provider: 'aws-s3', cause: error });
  }
  return { client, owned: true };
}

function isAwsEndpoint(endpoint: string): boolean {
  return /(^|\.)amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
}
