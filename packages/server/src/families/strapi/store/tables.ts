import type { Generated } from 'kysely';
import type { Database } from '../../../store/schema.js';

/** The Strapi family's tables (migration `0002_strapi`), beside the shared ones. */
// A type, not an interface: Kysely's `withTables` wants an index signature.
export type StrapiTables = {
  stowage_strapi_files: StrapiFilesTable;
  stowage_strapi_links: StrapiLinksTable;
};

/** The shared tables and Strapi's: its queries join `stowage_files`. */
export type StrapiDatabase = Database & StrapiTables;

/** Strapi's view of a file (migration `0002_strapi`): one row per file uploaded through `/upload`. */
export interface StrapiFilesTable {
  /** Strapi's numeric id. */
  id: Generated<number>;
  /** The `stowage_files` row holding name, size, MIME type and bytes; deleting it deletes this row. */
  file_id: string;
  document_id: string;
  alternative_text: string | null;
  caption: string | null;
  width: number | null;
  height: number | null;
  /** Responsive formats, JSON: `{ thumbnail: { fileId, width, height, … } }`. */
  formats: string | null;
  hash: string;
  ext: string;
  /** The folder (`path`), `/` at the root. */
  folder_path: string;
  provider_metadata: string | null;
}

/** A link from a file to an entry of the app's own (`ref`, `refId`, `field`). */
export interface StrapiLinksTable {
  strapi_file_id: number;
  ref: string;
  ref_id: string;
  field: string;
  /** Order of the files of a multiple field. */
  position: number;
  created_at: string;
}
