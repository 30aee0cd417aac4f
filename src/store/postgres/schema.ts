/**
 * The PostgreSQL schema of a Pecan store and its forward migrations. Everything lives in one
 * schema (`pecan` unless the URL says `?schema=name`), so a team database can hold other
 * tables, and a test can make a fresh store per schema. The version is in `meta`; opening runs
 * the migrations a store lacks, one transaction each, under an advisory lock so two workers
 * starting at once do not both migrate. A store of a newer version is refused.
 *
 * Every table is keyed by document id first (`doc_id` leads every primary key), so the tables
 * can be distributed by document id and co-located (Citus-style; see docs/scaling.md). Nodes
 * are numbered within their document (`idx`, their position by level then ordinal), so edges
 * and postings need no store-wide node key. Text columns that order results use the "C"
 * collation: byte order of UTF-8, the code-point order the other stores give.
 */

/** The schema version this code reads and writes. */
export const PG_SCHEMA_VERSION = 3;

/** Key of the session advisory lock held while a store's schema is created or migrated. */
export const MIGRATION_LOCK = 0x7065_6361; // "peca"

/** A schema name the store accepts (it is written into SQL, so it is checked, not quoted). */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Migrations by the version they lead to; `s` is the quoted schema name. */
export const MIGRATIONS: readonly { readonly version: number; readonly sql: (s: string) => string }[] = [
  {
    version: 1,
    sql: (s) => `
CREATE TABLE ${s}.meta (key text PRIMARY KEY, value text NOT NULL);
-- The store-wide change counter: every put and removal takes the next value (never rolled back,
-- never blocking another writer); a document's rev is the value of the put that wrote it.
CREATE SEQUENCE ${s}.change_counter;

CREATE TABLE ${s}.documents (
  doc_id text COLLATE "C" PRIMARY KEY,
  title text NOT NULL,
  source text NOT NULL,
  text text NOT NULL,
  hash text NOT NULL,
  tokens integer NOT NULL,
  chars integer NOT NULL,
  page_starts text,
  meta text,
  created_at text COLLATE "C" NOT NULL,
  rev bigint NOT NULL
);
CREATE INDEX documents_hash ON ${s}.documents (hash);
CREATE INDEX documents_order ON ${s}.documents (created_at, doc_id);

CREATE TABLE ${s}.nodes (
  doc_id text COLLATE "C" NOT NULL REFERENCES ${s}.documents (doc_id) ON DELETE CASCADE,
  idx integer NOT NULL,
  node_id text COLLATE "C" NOT NULL,
  level integer NOT NULL,
  ordinal integer NOT NULL,
  text text NOT NULL,
  tokens integer NOT NULL,
  spans text NOT NULL,
  pages text,
  made_by text NOT NULL,
  meta text,
  length integer NOT NULL,
  PRIMARY KEY (doc_id, idx),
  UNIQUE (doc_id, level, ordinal)
);
-- Node ids are unique across the store (a sharded store keeps this by prefixing ids with the document id).
CREATE UNIQUE INDEX nodes_node_id ON ${s}.nodes (node_id);

CREATE TABLE ${s}.edges (
  doc_id text COLLATE "C" NOT NULL,
  parent integer NOT NULL,
  child integer NOT NULL,
  weight double precision NOT NULL,
  made_by text NOT NULL,
  PRIMARY KEY (doc_id, parent, child),
  FOREIGN KEY (doc_id, parent) REFERENCES ${s}.nodes (doc_id, idx) ON DELETE CASCADE,
  FOREIGN KEY (doc_id, child) REFERENCES ${s}.nodes (doc_id, idx) ON DELETE CASCADE
);

-- The lexical index. The node's analysed length is repeated here so the coarse stage reads
-- one index (term, level) and never the nodes.
CREATE TABLE ${s}.postings (
  doc_id text COLLATE "C" NOT NULL,
  term text COLLATE "C" NOT NULL,
  node integer NOT NULL,
  level integer NOT NULL,
  tf integer NOT NULL,
  length integer NOT NULL,
  PRIMARY KEY (doc_id, term, node),
  FOREIGN KEY (doc_id, node) REFERENCES ${s}.nodes (doc_id, idx) ON DELETE CASCADE
);
CREATE INDEX postings_term ON ${s}.postings (term, level) INCLUDE (doc_id, node, tf, length);

CREATE TABLE ${s}.level_stats (
  doc_id text COLLATE "C" NOT NULL REFERENCES ${s}.documents (doc_id) ON DELETE CASCADE,
  level integer NOT NULL,
  nodes integer NOT NULL,
  total_length bigint NOT NULL,
  PRIMARY KEY (doc_id, level)
);

CREATE TABLE ${s}.title_terms (
  doc_id text COLLATE "C" NOT NULL REFERENCES ${s}.documents (doc_id) ON DELETE CASCADE,
  term text COLLATE "C" NOT NULL,
  PRIMARY KEY (doc_id, term)
);
CREATE INDEX title_terms_term ON ${s}.title_terms (term);

CREATE TABLE ${s}.question_data (
  doc_id text COLLATE "C" PRIMARY KEY REFERENCES ${s}.documents (doc_id) ON DELETE CASCADE,
  data bytea NOT NULL
);

INSERT INTO ${s}.meta (key, value) VALUES ('created_by', 'pecan');
`,
  },
  {
    // Version 1 to 2: the postings packed as one row per document and term, like SQLite's schema 4.
    // A row per node and term made the coarse stage fetch one index entry per leaf of a common
    // term (16 times as many at 16 copies); packed, it fetches one row per document holding the
    // term and unnests its leaves. Nodes are numbered by level, so a row's leaves are the first
    // `leaves` entries of its arrays (node order), and `leaves` summed over a term's rows is its
    // document frequency among leaves: the IDF needs no count of postings. Each row repeats its
    // document's `rev` (unique in the store), so the coarse stage groups leaves by two integers
    // instead of a text id and an integer.
    version: 2,
    sql: (s) => `
ALTER TABLE ${s}.postings RENAME TO postings_v1;
ALTER TABLE ${s}.postings_v1 RENAME CONSTRAINT postings_pkey TO postings_v1_pkey;
DROP INDEX ${s}.postings_term;
CREATE UNIQUE INDEX documents_rev ON ${s}.documents (rev);
CREATE TABLE ${s}.postings (
  doc_id text COLLATE "C" NOT NULL REFERENCES ${s}.documents (doc_id) ON DELETE CASCADE,
  term text COLLATE "C" NOT NULL,
  rev bigint NOT NULL,
  leaves integer NOT NULL,
  nodes integer[] NOT NULL,
  levels integer[] NOT NULL,
  tfs integer[] NOT NULL,
  lengths integer[] NOT NULL,
  PRIMARY KEY (doc_id, term)
);
INSERT INTO ${s}.postings (doc_id, term, rev, leaves, nodes, levels, tfs, lengths)
SELECT p.doc_id, p.term, d.rev, p.leaves, p.nodes, p.levels, p.tfs, p.lengths
FROM (
  SELECT doc_id, term, COUNT(*) FILTER (WHERE level = 0) AS leaves, array_agg(node ORDER BY node) AS nodes,
    array_agg(level ORDER BY node) AS levels, array_agg(tf ORDER BY node) AS tfs, array_agg(length ORDER BY node) AS lengths
  FROM ${s}.postings_v1 GROUP BY doc_id, term
) p JOIN ${s}.documents d ON d.doc_id = p.doc_id;
DROP TABLE ${s}.postings_v1;
CREATE INDEX postings_term ON ${s}.postings (term) INCLUDE (leaves);
`,
  },
  {
    // Version 2 to 3: each packed row's upper bound for the coarse stage, the largest term
    // frequency and the shortest length among its leaves (BM25 rises with the one and falls with
    // the other, so no leaf of the row scores the term higher, whatever the average length at
    // question time). The index now keys rows by (term, rev) and carries the bound's columns:
    // the coarse stage reads every row's bound from the index alone, then fetches the arrays of
    // the rows of the documents whose bound can reach the selection, by (term, rev).
    version: 3,
    sql: (s) => `
ALTER TABLE ${s}.postings ADD COLUMN max_tf integer NOT NULL DEFAULT 0, ADD COLUMN min_length integer NOT NULL DEFAULT 0;
UPDATE ${s}.postings SET max_tf = (SELECT MAX(v) FROM unnest(tfs[1:leaves]) v), min_length = (SELECT MIN(v) FROM unnest(lengths[1:leaves]) v)
WHERE leaves > 0;
ALTER TABLE ${s}.postings ALTER COLUMN max_tf DROP DEFAULT, ALTER COLUMN min_length DROP DEFAULT;
DROP INDEX ${s}.postings_term;
CREATE INDEX postings_term ON ${s}.postings (term, rev) INCLUDE (leaves, max_tf, min_length);
`,
  },
];
