import { freshPostgres } from './helpers/databases.js';
import { nhostClientSuite } from './helpers/nhost-suite.js';
import { startTestServer } from './helpers/test-server.js';

nhostClientSuite('provider-local + PostgreSQL', async () => startTestServer({ config: { database: await freshPostgres() } }));
