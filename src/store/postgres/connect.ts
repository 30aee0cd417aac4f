/**
 * Connecting a PostgreSQL store: parsing its URL (`postgres://user@host:port/db?schema=name`),
 * the connection pool (the `pg` client, loaded on first use so a SQLite command never pays
 * for it), driver failures as `E_STORE`, and creating or migrating the schema.
 */
import type { Pool, PoolClient } from "pg";
import { PecanError, StoreError } from "../../core/errors.js";
import { MIGRATION_LOCK, MIGRATIONS, PG_SCHEMA_VERSION, SCHEMA_NAME } from "./schema.js";

/** Options of `openPostgresStore`. */
export interface PostgresStoreOptions {
  /** Schema holding the store's tables (default: the URL's `schema` parameter, else `pecan`). */
  readonly schema?: string;
  /** Connections this process keeps open at most. */
  readonly poolSize?: number;
  /** Told before an existing store is migrated (which can take a while on a large one). */
  readonly onMigrate?: (from: number, to: number) => void;
}

/** Connections per process by default: a worker's questions and one ingest at a time. */
export const DEFAULT_POOL_SIZE = 8;
export const DEFAULT_SCHEMA = "pecan";

/** Whether a `--db` value names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** A URL with any password hidden, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/** The connection string for `pg` (without our `schema` parameter) and the schema name. */
export function parseStoreUrl(url: string, options: PostgresStoreOptions): { connectionString: string; schema: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new StoreError("E_STORE", `not a PostgreSQL URL: ${redactUrl(url)}`, { cause: error });
  }
  const fromUrl = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  const schema = options.schema ?? fromUrl ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError("E_STORE", `schema name "${schema}" must be lower-case letters, digits and _`);
  }
  return { connectionString: parsed.toString(), schema };
}

/** Wraps a driver failure into a `StoreError` (`E_STORE`); Pecan errors pass through. */
export function toStoreError(error: unknown, what: string): PecanError {
  if (error instanceof PecanError) return error;
  const reason = error instanceof Error ? error.message || String(error) : String(error);
  return new StoreError("E_STORE", `${what}: ${reason}`, { cause: error });
}

/** The SQLSTATE of a driver error, if any. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/**
 * Settings every connection of the store starts with (the startup packet's `options`, so they
 * cost no round trip). `work_mem`: the coarse stage groups and sorts every leaf its terms reach
 * (about 160,000 at 16 copies of the dev collection), which spills to temporary files under the
 * server's default of 4 MB. `jit = off`: compiling a statement costs tens of milliseconds and a
 * coarse statement runs once. A URL's own `options` parameter replaces these.
 */
export const SESSION_OPTIONS = "-c work_mem=32MB -c jit=off";

/** A new pool (`pg` is loaded here, on first use). */
export async function createPool(connectionString: string, size: number): Promise<Pool> {
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({ connectionString, max: size, idleTimeoutMillis: 10_000, options: SESSION_OPTIONS });
  // An idle client's error (the server went away) must not crash the process; the next query fails instead.
  pool.on("error", () => undefined);
  return pool;
}

/** Runs `body` in a transaction on one client. */
export async function inTransaction<T>(pool: Pool, begin: string, body: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await body(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Creates the schema, or migrates it forward, under a session advisory lock; refuses a store
 * of a newer version with `E_STORE_VERSION`.
 */
export async function ensureSchema(pool: Pool, schema: string, where: string, onMigrate?: (from: number, to: number) => void): Promise<void> {
  const client = await pool.connect();
  const s = `"${schema}"`;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      const exists = await client.query<{ t: string | null }>("SELECT to_regclass($1) AS t", [`${s}.meta`]);
      let version = 0;
      if (exists.rows[0]?.t) {
        const meta = await client.query<{ key: string; value: string }>(`SELECT key, value FROM ${s}.meta`);
        const values = new Map(meta.rows.map((row) => [row.key, row.value]));
        if (values.get("created_by") !== "pecan") throw new StoreError("E_STORE", `${where} schema ${schema} is not a Pecan store`);
        version = Number(values.get("schema_version") ?? "NaN");
        if (!Number.isInteger(version)) throw new StoreError("E_STORE", `${where} schema ${schema} is corrupt: no schema version`);
      }
      if (version > PG_SCHEMA_VERSION) {
        throw new StoreError(
          "E_STORE_VERSION",
          `${where} schema ${schema} has store schema version ${version}; this Pecan reads version ${PG_SCHEMA_VERSION}`,
        );
      }
      if (version > 0 && version < PG_SCHEMA_VERSION) onMigrate?.(version, PG_SCHEMA_VERSION);
      for (const migration of MIGRATIONS) {
        if (migration.version <= version) continue;
        await client.query("BEGIN");
        try {
          await client.query(migration.sql(s));
          await client.query(
            `INSERT INTO ${s}.meta (key, value) VALUES ('schema_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
            [String(migration.version)],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
