import { nhostClientSuite } from './helpers/nhost-suite.js';
import { startTestServer } from './helpers/test-server.js';

nhostClientSuite('provider-local + SQLite', () => startTestServer());
