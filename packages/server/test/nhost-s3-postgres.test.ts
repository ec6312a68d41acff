import { freshPostgres } from './helpers/databases.js';
import { nhostClientSuite } from './helpers/nhost-suite.js';
import { freshS3Bucket } from './helpers/s3.js';
import { startTestServer } from './helpers/test-server.js';

nhostClientSuite('provider-aws-s3 on Ceph + PostgreSQL', async () => {
  const [database, s3] = await Promise.all([freshPostgres(), freshS3Bucket()]);
  return startTestServer({ config: { database, ...s3 } });
});
