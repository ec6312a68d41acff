import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ServiceAccountKey } from '../src/options.js';

/** A service-account key generated for this test run (never a real one), with its public key. */
export function generateServiceAccountKey(): { key: ServiceAccountKey; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    key: {
      type: 'service_account',
      project_id: 'stowage-test',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey,
      client_email: 'stowage-test@stowage-test.iam.gserviceaccount.com',
      client_id: '1',
    },
    publicKey,
  };
}
