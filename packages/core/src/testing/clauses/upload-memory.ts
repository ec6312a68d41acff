import type { Clause } from '../clause.js';
import { uploadMemoryClause } from '../memory.js';

/** Memory stays flat while uploading a large body (see `memory.ts`). */
export const uploadMemoryClauses: Clause[] = [uploadMemoryClause];
