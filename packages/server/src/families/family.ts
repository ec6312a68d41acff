import type { Kysely, Migration } from 'kysely';
import type { z } from 'zod';
import type { StowageContext } from '../context.js';
import type { ErrorShape } from '../http/error-shape.js';
import type { Route, RouteModule } from '../http/router.js';
import type { FileRecord } from '../store/records.js';
import type { Database } from '../store/schema.js';

/** The zod schemas of a family's configuration sections, by top-level key (`{ strapi: schema }`). */
export type ConfigShape = Record<string, z.ZodType>;

/** A family's part of the server's OpenAPI document. */
export interface OpenApiPart {
  /** What the API is, for the document's description ("Strapi’s Upload plugin API"). */
  title: string;
  /** Tags its operations use. */
  tags?: readonly { name: string; description: string }[];
  /** Component schemas by name; names are global, so prefix them when they could clash. */
  schemas?: Record<string, unknown>;
  /** Paths in OpenAPI's `{id}` syntax. */
  paths: Record<string, unknown>;
}

/** What a family does when a file is deleted by a route outside it (`DELETE /v1/files/{id}`). */
export interface FileHooks {
  /**
   * Called before the file's record goes (rows of the family's that reference it go with it, by
   * cascade): read what must be cleaned up, and answer the clean-up, which runs once the record is gone
   * (and not at all if the deletion fails).
   */
  onFileDelete?(file: FileRecord): Promise<(() => Promise<void>) | undefined>;
  /**
   * Of never-completed records the maintenance sweep found (`/v1/ops/*-not-uploaded`), the ids the family
   * still waits on (a direct upload whose signed URL has not expired, a resumable upload before its expiry):
   * the sweep leaves those alone.
   */
  holdsNotUploaded?(records: readonly FileRecord[]): Promise<ReadonlySet<string>>;
  /**
   * Whether a signed upload to `key` on `backend` (provider-local's signed PUT, served by the server)
   * belongs to the family and may be stored. Signed uploads no family claims are refused: they would
   * write bytes no record accounts for.
   */
  acceptsSignedUpload?(backend: string | null, key: string): Promise<boolean>;
  /** Removes the family's expired leftovers with their records and bytes; `/v1/ops/delete-not-uploaded` calls it. Answers the records removed. */
  sweep?(): Promise<FileRecord[]>;
}

/** What {@link RouteFamily.mount} answers. */
export interface FamilyMount {
  /** The routes, at paths no other family uses. */
  routes: readonly Route[];
  /** Hooks into shared file paths. */
  hooks?: FileHooks;
  /** Stops what the family runs in the background (timers); called when the handler closes. */
  close?(): Promise<void>;
}

/**
 * A route family: one API the server speaks (the Nhost files API, Strapi's Upload plugin API), as a
 * plugin. It owns its configuration section, its tables, its routes and its error body; the server
 * composes the families it is given (`families` of `createStowageHandler`, default
 * `defaultFamilies`), and adding one touches no other family's files.
 */
export interface RouteFamily<Shape extends ConfigShape = ConfigShape, Store = unknown> {
  /** Unique among the mounted families; names it in logs. */
  readonly name: string;
  /**
   * Its sections of the server's configuration, by top-level key (`{ strapi: strapiConfigSchema }`),
   * composed into the server's schema (so `defineConfig` types them and unknown keys are still
   * errors). Give each a default, so the section may be left out.
   */
  readonly config?: Shape;
  /**
   * Its Kysely migrations by name. They join the core migrations in one migrator and one table
   * (`stowage_migrations`), so names are global: number them and name the family (`0002_strapi`).
   * A database that recorded them keeps working while the family is not configured (see
   * store/migrate.ts); never rename or edit a released one.
   */
  readonly migrations?: Readonly<Record<string, Migration>>;
  /** How its routes' errors are answered (status and headers are the error's own). */
  readonly errorShape: ErrorShape;
  /** Its paths in the server's OpenAPI document. */
  readonly openApi?: OpenApiPart;
  /** Its store over the shared database, once migrated; omit when it keeps no tables. */
  createStore?(db: Kysely<Database>): Store;
  /**
   * Builds the routes (and hooks), given the server's context, the family's parsed configuration
   * sections and its store.
   */
  mount(context: StowageContext, own: { config: { [K in keyof Shape]: z.output<Shape[K]> }; store: Store }): FamilyMount;
}

/** Any family, whatever its configuration and store. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteFamily = RouteFamily<any, any>;

/** A family as the server mounted it. */
export interface MountedFamily {
  readonly family: AnyRouteFamily;
  /** Its store (what `createStore` built), for tests and hooks; `undefined` without one. */
  readonly store: unknown;
  /** Its routes, with its error shape, as the router takes them. */
  readonly module: RouteModule;
  readonly hooks: FileHooks;
  readonly close: () => Promise<void>;
}
