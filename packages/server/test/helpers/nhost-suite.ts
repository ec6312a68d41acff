import { supports } from '@stowage/core';
import { afterAll, beforeAll, describe } from 'vitest';
import { imageClauses } from './nhost-clauses-images.js';
import { opsClauses } from './nhost-clauses-ops.js';
import { readClauses } from './nhost-clauses-read.js';
import { uploadClauses } from './nhost-clauses-upload.js';
import { writeClauses } from './nhost-clauses-write.js';
import type { SuiteContext } from './nhost-suite-tools.js';
import type { TestServer } from './test-server.js';

export { PNG } from './nhost-suite-tools.js';

/**
 * The files API driven by the unmodified `@nhost/nhost-js` storage client. Runs against any stack
 * (provider × database) that `start` builds.
 */
export function nhostClientSuite(name: string, start: () => Promise<TestServer>): void {
  describe(`Nhost client against ${name}`, () => {
    let server: TestServer | undefined;
    beforeAll(async () => {
      server = await start();
    });
    afterAll(async () => {
      await server?.close();
    });
    const context: SuiteContext = {
      get t() {
        if (server === undefined) throw new Error('the server did not start');
        return server;
      },
      async exists(key) {
        const provider = context.t.provider;
        if (!supports(provider, 'exists')) throw new Error(`provider "${provider.name}" cannot check existence`);
        return provider.exists(key);
      },
      async storageKey(id) {
        return (await context.t.server.handler.context.store.getFile(id))?.storageKey;
      },
    };
    uploadClauses(context);
    readClauses(context);
    writeClauses(context);
    opsClauses(context);
    imageClauses(context);
  });
}
