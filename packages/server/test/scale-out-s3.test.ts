import { freshPostgres } from './helpers/databases.js';
import { freshS3Bucket } from './helpers/s3.js';
import { scaleOutSuite } from './helpers/scale-out-suite.js';

scaleOutSuite('one PostgreSQL and one S3 server (Ceph)', async () => {
  const [database, s3] = await Promise.all([freshPostgres(), freshS3Bucket()]);
  return { config: { database, ...s3, adminSecret: 'scale-out-admin-secret', orphanGracePeriod: 0 } };
});
