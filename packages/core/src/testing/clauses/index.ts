import type { Clause } from '../clause.js';
import { copyClauses } from './copy.js';
import { deleteClauses } from './delete.js';
import { existsCheckClauses } from './exists-check.js';
import { keyClauses } from './keys.js';
import { listClauses } from './list.js';
import { metadataClauses } from './metadata.js';
import { providerShapeClauses } from './provider-shape.js';
import { readRangeClauses } from './read-range.js';
import { resumableClauses } from './resumable.js';
import { signedUploadClauses } from './signed-upload.js';
import { signedUrlClauses } from './signed-url.js';
import { uploadAbortClauses } from './upload-abort.js';
import { uploadChecksumClauses } from './upload-checksum.js';
import { uploadInputClauses } from './upload-inputs.js';
import { uploadLimitClauses } from './upload-limits.js';
import { uploadMemoryClauses } from './upload-memory.js';
import { uploadMetadataRuleClauses } from './upload-metadata-rule.js';
import { uploadOnChunkClauses } from './upload-on-chunk.js';
import { uploadOverwriteClauses } from './upload-overwrite.js';
import { uploadRoundtripClauses } from './upload-roundtrip.js';

/** Every clause of the contract, in report order. */
export const CLAUSES: readonly Clause[] = Object.freeze([
  ...providerShapeClauses,
  ...uploadRoundtripClauses,
  ...uploadInputClauses,
  ...uploadMetadataRuleClauses,
  ...uploadLimitClauses,
  ...uploadOnChunkClauses,
  ...uploadOverwriteClauses,
  ...uploadAbortClauses,
  ...uploadChecksumClauses,
  ...uploadMemoryClauses,
  ...keyClauses,
  ...metadataClauses,
  ...deleteClauses,
  ...readRangeClauses,
  ...signedUrlClauses,
  ...signedUploadClauses,
  ...copyClauses,
  ...listClauses,
  ...existsCheckClauses,
  ...resumableClauses,
]);

/** The clauses whose id is in `ids` (exact ids or group prefixes), in report order. */
export function selectClauses(...ids: string[]): Clause[] {
  return CLAUSES.filter((clause) => ids.some((id) => clause.id === id || clause.id.startsWith(`${id}.`)));
}

export {
  copyClauses,
  deleteClauses,
  existsCheckClauses,
  keyClauses,
  listClauses,
  metadataClauses,
  providerShapeClauses,
  readRangeClauses,
  resumableClauses,
  signedUploadClauses,
  signedUrlClauses,
  uploadAbortClauses,
  uploadChecksumClauses,
  uploadInputClauses,
  uploadLimitClauses,
  uploadMemoryClauses,
  uploadMetadataRuleClauses,
  uploadOnChunkClauses,
  uploadOverwriteClauses,
  uploadRoundtripClauses,
};
