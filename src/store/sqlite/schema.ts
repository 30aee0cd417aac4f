/**
 * The SQLite schema of a Pecan store, version 5. The version lives in `PRAGMA user_version`
 * and in the `meta` table (with `created_by = 'pecan'`, which tells a Pecan store from any
 * other SQLite file). An older store is migrated forward when opened writable (`MIGRATIONS`);
 * a newer one is refused.
 */

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = 5;

/** The value of `meta.created_by` in every Pecan store. */
export const CREATED_BY = "pecan";

/** The packed postings of version 4 (also what the migration from version 3 creates). */
export const POSTINGS_V4_SQL = `
CREATE TABLE postings (
  term TEXT NOT NULL,
  doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  nodes BLOB NOT NULL,
  PRIMARY KEY (term, doc_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX postings_doc ON postings(doc_id);`;

/**
 * The packed edges of version 5 (also what the migration from version 4 creates): one row per
 * document (`edges-blob.ts`).
 */
export const EDGES_V5_SQL = `
CREATE TABLE edges (
  doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
  made_by TEXT NOT NULL,
  data BLOB NOT NULL
) WITHOUT ROWID, STRICT;`;

/** Tables every version-1 store has. */
export const TABLES = ["meta", "documents", "nodes", "edges", "postings", "level_stats", "question_data", "title_terms"] as const;

/**
 * Version 2's additions, also the migration from version 1:
 * - `documents.rev`: the store-wide change counter (`meta.change_counter`) of the put that wrote
 *   the document; per-process caches key what they hold by it. Version-1 rows get 0.
 * - `question_data`: the document's question-time data (reading units, analysed terms,
 *   statistics; encoded by `retrieval/units-codec.ts`), written in the put's transaction.
 *   A migrated document has none until its first question computes and saves it.
 * - `title_terms`: analysed terms of each title, for the coarse stage's title score.
 */
export const V2_SQL = `
CREATE TABLE question_data (
  doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
  data BLOB NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TABLE title_terms (
  term TEXT NOT NULL,
  doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  PRIMARY KEY (term, doc_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX title_terms_doc ON title_terms(doc_id);
`;

/**
 * DDL of version 5.
 * - `nodes.id` is the compact key postings point to; `node_id` is the public id.
 * - `edges` is one row per document: its edges packed, their ends as positions in the
 *   document's node order (`edges-blob.ts`, version 5; version 4 had a row per edge).
 * - `postings` is the lexical index: one row per (term, document), clustered by term; its
 *   `nodes` blob lists the document's nodes holding the term with their level, term frequency
 *   and analysed length (`postings-blob.ts`, version 4; version 3 had a row per node), so BM25
 *   over a term's postings reads no node rows.
 * - `level_stats` keeps node counts and summed lengths per document and level, so corpus
 *   statistics and listings never scan the nodes.
 * - Every child row cascades from its document, so removing a document removes all of it.
 */
export const SCHEMA_SQL = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TABLE documents (
  doc_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  text TEXT NOT NULL,
  hash TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  chars INTEGER NOT NULL,
  page_starts TEXT,
  meta TEXT,
  created_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX documents_hash ON documents(hash);
CREATE INDEX documents_order ON documents(created_at, doc_id);

CREATE TABLE nodes (
  id INTEGER PRIMARY KEY,
  node_id TEXT NOT NULL UNIQUE,
  doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  level INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  text TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  spans TEXT NOT NULL,
  pages TEXT,
  made_by TEXT NOT NULL,
  meta TEXT,
  length INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX nodes_position ON nodes(doc_id, level, ordinal);

${EDGES_V5_SQL}

${POSTINGS_V4_SQL}
CREATE TABLE level_stats (
  doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  level INTEGER NOT NULL,
  nodes INTEGER NOT NULL,
  total_length INTEGER NOT NULL,
  PRIMARY KEY (doc_id, level)
) WITHOUT ROWID, STRICT;
${V2_SQL}`;

/**
 * Version 2 to 3: each posting carries its node's length (the coarse stage read every posting's
 * node row for it: most of the SQL time of a collection question on common terms).
 */
export const MIGRATE_2_TO_3 = `
ALTER TABLE postings ADD COLUMN length INTEGER NOT NULL DEFAULT 0;
UPDATE postings SET length = (SELECT n.length FROM nodes n WHERE n.id = postings.node);
`;

/** Version 1 to 2 (title terms of existing documents are filled in by `open.ts`). */
export const MIGRATE_1_TO_2 = `
ALTER TABLE documents ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
${V2_SQL}`;
