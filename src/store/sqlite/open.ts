/**
 * Opening a SQLite file as a Pecan store: connection settings (WAL, synchronous=NORMAL,
 * foreign keys, busy timeout), creating the schema in a new file, and refusing files that are
 * not Pecan stores or were written by another schema version.
 */
import Database from "better-sqlite3";
import { PecanError, StoreError } from "../../core/errors.js";
import { analyze } from "../../core/analyze.js";
import { CREATED_BY, EDGES_V5_SQL, MIGRATE_1_TO_2, MIGRATE_2_TO_3, POSTINGS_V4_SQL, SCHEMA_SQL, SCHEMA_VERSION, TABLES } from "./schema.js";
import { packEdges, type PositionEdge } from "./edges-blob.js";
import { packPostings, type PackedPosting } from "./postings-blob.js";

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** Open without writing anything; the file must be an existing Pecan store. */
  readonly readonly?: boolean;
  /** How long a write waits for another connection's lock, in ms. */
  readonly busyTimeoutMs?: number;
  /** Told before an older store is migrated (which can take a while on a large one). */
  readonly onMigrate?: (from: number, to: number) => void;
}

/** Default wait for another connection's write lock. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * Bytes of the store file SQLite reads through a memory map instead of a read call per page. A
 * cold question reads a few megabytes of question-time data and node rows scattered over the
 * file; mapped, a fresh process read the blobs of 16 dev documents in 12 ms instead of 19
 * (median of 20). SQLite maps read-only and still writes with write calls, so a stray pointer
 * cannot damage the file; past this size it reads as before.
 */
export const MMAP_BYTES = 256 * 2 ** 20;

/**
 * Pages the write-ahead log may hold before a commit copies them into the file (SQLite's
 * default is 1,000, 4 MB). One document's put dirties a page of the term-clustered postings
 * for most of its distinct terms, about 9 MB on a dev document, so with the default every put
 * also checkpointed: the dev collection's ingest wrote 2.8 GB for a 254 MB store and spent
 * 7 s of its 27 in commits. At 32,768 pages (128 MB) a page that several puts dirty is copied
 * once; single-thread ingest commits took 4.5 s instead of 11.3 s on the loaded machine.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 32_768;

/** After a checkpoint, the log file is cut back to this size rather than kept at its peak. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 2 ** 20;

/** Wraps a driver failure into a `StoreError` (`E_STORE`); Pecan errors pass through. */
export function toStoreError(error: unknown, what: string): PecanError {
  if (error instanceof PecanError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreError("E_STORE", `${what}: ${reason}`, { cause: error });
}

function tableNames(db: Database.Database): Set<string> {
  const rows = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  return new Set(rows.map((row) => row.name));
}

function readMeta(db: Database.Database): Map<string, string> {
  const rows = db.prepare<[], { key: string; value: string }>("SELECT key, value FROM meta").all();
  return new Map(rows.map((row) => [row.key, row.value]));
}

function createSchema(db: Database.Database): void {
  db.exec(SCHEMA_SQL);
  const insert = db.prepare<[string, string]>("INSERT INTO meta (key, value) VALUES (?, ?)");
  insert.run("schema_version", String(SCHEMA_VERSION));
  insert.run("created_by", CREATED_BY);
  insert.run("created_at", new Date().toISOString());
  insert.run("change_counter", "0");
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** Migrates a version-1 store to the version-2 layout, inside the caller's transaction. */
function migrateFrom1(db: Database.Database): void {
  db.exec(MIGRATE_1_TO_2);
  const insert = db.prepare<[string, string]>("INSERT INTO title_terms (term, doc_id) VALUES (?, ?)");
  const titles = db.prepare<[], { doc_id: string; title: string }>("SELECT doc_id, title FROM documents").all();
  for (const { doc_id, title } of titles) for (const term of new Set(analyze(title))) insert.run(term, doc_id);
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('change_counter', '0')").run();
}

/** Terms migrated per batch from version 3 (bounds the rows held in memory). */
const MIGRATE_TERMS_PER_BATCH = 2_000;

/**
 * Version 3 to 4, inside the caller's transaction: the postings of each term and document
 * packed into one row (`postings-blob.ts`). Read in batches of terms, since better-sqlite3
 * cannot write while a statement is being iterated.
 */
function migrateFrom3(db: Database.Database): void {
  db.exec(`ALTER TABLE postings RENAME TO postings_v3;\n${POSTINGS_V4_SQL}`);
  const terms = db.prepare<[], { term: string }>("SELECT DISTINCT term FROM postings_v3 ORDER BY term").all().map((row) => row.term);
  const read = db.prepare<[string, string], { term: string; doc_id: string; node: number; level: number; tf: number; length: number }>(
    "SELECT term, doc_id, node, level, tf, length FROM postings_v3 WHERE term >= ? AND term <= ? ORDER BY term, doc_id",
  );
  const insert = db.prepare<[string, string, Buffer]>("INSERT INTO postings (term, doc_id, nodes) VALUES (?, ?, ?)");
  for (let i = 0; i < terms.length; i += MIGRATE_TERMS_PER_BATCH) {
    const last = terms[Math.min(terms.length, i + MIGRATE_TERMS_PER_BATCH) - 1] as string;
    const rows = read.all(terms[i] as string, last);
    let from = 0;
    while (from < rows.length) {
      const first = rows[from]!;
      const group: PackedPosting[] = [];
      let to = from;
      for (; to < rows.length && rows[to]!.term === first.term && rows[to]!.doc_id === first.doc_id; to++) {
        const r = rows[to]!;
        group.push({ id: r.node, level: r.level, tf: r.tf, length: r.length });
      }
      insert.run(first.term, first.doc_id, packPostings(group));
      from = to;
    }
  }
  db.exec("DROP TABLE postings_v3");
}

/**
 * Version 4 to 5, inside the caller's transaction: each document's edges packed into one row
 * (`edges-blob.ts`), their ends as positions in the document's node order. One document at a
 * time, so memory holds one document's edges.
 */
function migrateFrom4(db: Database.Database): void {
  db.exec(`ALTER TABLE edges RENAME TO edges_v4;\n${EDGES_V5_SQL}`);
  const docs = db.prepare<[], { doc_id: string }>("SELECT doc_id FROM documents ORDER BY doc_id").all();
  const nodes = db.prepare<[string], { id: number }>("SELECT id FROM nodes WHERE doc_id = ? ORDER BY level, ordinal");
  const edges = db.prepare<[string], { parent: number; child: number; weight: number; made_by: string }>(
    "SELECT e.parent, e.child, e.weight, e.made_by FROM nodes p JOIN edges_v4 e ON e.parent = p.id WHERE p.doc_id = ?",
  );
  const insert = db.prepare<[string, string, Buffer]>("INSERT INTO edges (doc_id, made_by, data) VALUES (?, ?, ?)");
  for (const { doc_id } of docs) {
    const position = new Map(nodes.all(doc_id).map((row, k) => [row.id, k]));
    const packed: PositionEdge[] = [];
    for (const row of edges.all(doc_id)) {
      const parent = position.get(row.parent);
      const child = position.get(row.child);
      // An edge to a node of another document (which no put writes) cannot be kept by position.
      if (parent === undefined || child === undefined) throw new StoreError("E_STORE", `the store is corrupt: an edge of ${doc_id} leaves the document`);
      packed.push({ parent, child, weight: row.weight, madeBy: row.made_by });
    }
    if (packed.length === 0) continue;
    const { data, madeBy } = packEdges(packed);
    insert.run(doc_id, madeBy, data);
  }
  db.exec("DROP TABLE edges_v4");
}

/** Migrates a store of version `from` (1 to 4) to this version, inside the caller's transaction. */
function migrate(db: Database.Database, from: number): void {
  if (from === 1) migrateFrom1(db);
  if (from <= 2) db.exec(MIGRATE_2_TO_3);
  if (from <= 3) migrateFrom3(db);
  migrateFrom4(db);
  db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/**
 * Checks that an open database is a Pecan store of this schema version, creating the schema
 * when the file is empty and writable. Throws `E_STORE_VERSION` or `E_STORE`.
 */
function checkSchema(db: Database.Database, path: string, readonly: boolean, onMigrate?: (from: number, to: number) => void): void {
  const inspect = (): void => {
    const userVersion = db.pragma("user_version", { simple: true }) as number;
    const tables = tableNames(db);
    if (tables.size === 0 && userVersion === 0) {
      if (readonly) throw new StoreError("E_STORE", `${path} is empty, not a Pecan store`);
      createSchema(db);
      return;
    }
    const meta = tables.has("meta") ? readMeta(db) : new Map<string, string>();
    if (meta.get("created_by") !== CREATED_BY) {
      throw new StoreError("E_STORE", `${path} is a SQLite database but not a Pecan store`);
    }
    if (userVersion >= 1 && userVersion < SCHEMA_VERSION && meta.get("schema_version") === String(userVersion)) {
      if (readonly) {
        throw new StoreError(
          "E_STORE_VERSION",
          `${path} has store schema version ${userVersion}; open it once writable (any command without read-only, e.g. \`pecan list --db ${path}\`) to migrate it to version ${SCHEMA_VERSION}`,
        );
      }
      onMigrate?.(userVersion, SCHEMA_VERSION);
      migrate(db, userVersion);
      return;
    }
    if (userVersion !== SCHEMA_VERSION) {
      throw new StoreError(
        "E_STORE_VERSION",
        `${path} has store schema version ${userVersion}; this Pecan reads version ${SCHEMA_VERSION}`,
      );
    }
    if (meta.get("schema_version") !== String(SCHEMA_VERSION)) {
      throw new StoreError("E_STORE", `${path} is corrupt: its meta table disagrees with its schema version`);
    }
    const missing = TABLES.filter((name) => !tables.has(name));
    if (missing.length > 0) throw new StoreError("E_STORE", `${path} is corrupt: missing tables ${missing.join(", ")}`);
  };
  // IMMEDIATE: two processes opening one new file cannot both create the schema.
  if (readonly) inspect();
  else db.transaction(inspect).immediate();
}

/**
 * Opens (and when new, creates) a SQLite database as a Pecan store of `SCHEMA_VERSION`.
 * @example const db = openDatabase("pecan.db", {});
 */
export function openDatabase(path: string, options: SqliteStoreOptions): Database.Database {
  const readonly = options.readonly === true;
  let db: Database.Database;
  try {
    db = new Database(path, {
      readonly,
      fileMustExist: readonly,
      timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    });
  } catch (error) {
    throw toStoreError(error, `cannot open the store ${path}`);
  }
  try {
    db.pragma("foreign_keys = ON");
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    // Check first: a file that is not a Pecan store is left exactly as it was.
    checkSchema(db, path, readonly, options.onMigrate);
    if (!readonly) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(error, `cannot open the store ${path}`);
  }
}
