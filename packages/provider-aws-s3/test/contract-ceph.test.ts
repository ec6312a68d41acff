import { runProviderContract } from '@stowage/core/testing';
import { inject } from 'vitest';
import { createBucket, providerFor } from './helpers.js';

const ceph = inject('ceph');

runProviderContract({
  name: 'aws-s3 (ceph)',
  create: async () => providerFor(ceph, await createBucket(ceph, 'contract')),
});
