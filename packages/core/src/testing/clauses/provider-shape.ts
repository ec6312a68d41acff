import { missingCapabilityMethods } from '../../capabilities.js';
import { fail } from '../assert.js';
import { type Clause, defineClause } from '../clause.js';

/** The instance is what it declares: a name, an `upload`, a `delete`, and the methods of every capability. */
export const providerShapeClauses: Clause[] = [
  defineClause({
    id: 'provider.shape',
    title: 'declares a name and has the methods of every capability it declares',
    requires: [],
    async run({ provider }) {
      if (typeof provider.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(provider.name)) {
        fail(`name must be lower-case letters, digits and dashes, got ${JSON.stringify(provider.name)}`);
      }
      if (typeof provider.upload !== 'function' || typeof provider.delete !== 'function') fail('upload() and delete() are required');
      if (!(provider.capabilities instanceof Set)) fail('capabilities must be a Set');
      const missing = missingCapabilityMethods(provider);
      if (missing.length > 0) fail(`declared capabilities lack methods: ${missing.join(', ')}`);
    },
  }),
];
