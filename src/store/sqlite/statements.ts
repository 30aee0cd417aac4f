/**
 * The prepared statements of the SQLite store, compiled once per connection. Scoped lexical
 * queries take their document ids and levels as one JSON array each (`json_each`), so one
 * statement per scope shape serves every scope.
 */
import type Database from "better-sqlite3";
import type { DocumentRow, NodeRow, NodeValues, SummaryRow } from "./rows.js";

/** A term's packed postings in one document (`postings-blob.ts`). */
export interface PostingRow {
  doc_id: string;
  nodes: Buffer;
}

export interface StatsRow {
  nodes: number;
  totalLength: number;
}

/** Which filters a scoped query applies. */
export type ScopeShape = "all" | "docs" | "levels" | "both";


const SUMMARY_COLUMNS = `
  d.doc_id, d.title, d.source, d.hash, d.tokens, d.chars, d.created_at,
  (SELECT COALESCE(SUM(s.nodes), 0) FROM level_stats s WHERE s.doc_id = d.doc_id) AS nodes,
  (SELECT COUNT(*) FROM level_stats s WHERE s.doc_id = d.doc_id) AS levels`;

const NODE_COLUMNS = "node_id, doc_id, level, ordinal, text, tokens, spans, pages, made_by, meta";

function scopeFilter(shape: ScopeShape, docColumn: string, levelColumn: string): string {
  const docs = `${docColumn} IN (SELECT value FROM json_each(?))`;
  const levels = `${levelColumn} IN (SELECT value FROM json_each(?))`;
  switch (shape) {
    case "all":
      return "";
    case "docs":
      return ` AND ${docs}`;
    case "levels":
      return ` AND ${levels}`;
    case "both":
      return ` AND ${docs} AND ${levels}`;
  }
}

const SHAPES: readonly ScopeShape[] = ["all", "docs", "levels", "both"];

function byShape<T>(make: (shape: ScopeShape) => T): Record<ScopeShape, T> {
  return Object.fromEntries(SHAPES.map((shape) => [shape, make(shape)])) as Record<ScopeShape, T>;
}

type Stmt<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** Every statement the store runs, prepared on one connection. */
export interface Statements {
  readonly deleteDocument: Stmt<[string]>;
  readonly insertDocument: Stmt<
    [string, string, string, string, string, number, number, string | null, string | null, string]
  >;
  readonly insertNode: Stmt<
    [string, string, number, number, string, number, string, string | null, string, string | null, number]
  >;
  /** A document's packed edges (`edges-blob.ts`): doc id, made_by list, blob. */
  readonly insertEdges: Stmt<[string, string, Buffer]>;
  readonly insertPosting: Stmt<[string, string, Buffer]>;
  readonly insertLevelStat: Stmt<[string, number, number, number]>;
  readonly bumpCounter: Stmt<[], { value: string }>;
  readonly readCounter: Stmt<[], { value: string }>;
  readonly insertQuestionData: Stmt<[string, Buffer]>;
  readonly saveQuestionData: Stmt<[Buffer, string, number]>;
  readonly insertTitleTerm: Stmt<[string, string]>;
  readonly titleDocs: Stmt<[string], { doc_id: string }>;
  /** Parameter: a JSON array of document ids. */
  readonly questionData: Stmt<[string], { doc_id: string; title: string; rev: number; data: Buffer | null }>;
  readonly revisions: Stmt<[string], { doc_id: string; rev: number }>;
  readonly nodesOf: Stmt<[string], NodeRow>;
  /**
   * One document's nodes as `NodeValues` arrays (`nodeFromValues`): `NODE_COLUMNS` without the
   * document's id, which the caller has, and a leaf's text as its UTF-8 bytes. A question reads
   * thousands of rows and few of their leaves, and the driver makes a string for every value it
   * returns (the id was one per row: the 16 largest dev documents' rows cost the driver 47 ms of
   * CPU with it, 35 without).
   */
  readonly nodeValuesOf: Stmt<[string], NodeValues>;
  readonly getDocument: Stmt<[string], DocumentRow>;
  readonly findByHash: Stmt<[string], SummaryRow>;
  readonly listDocuments: Stmt<[], SummaryRow>;
  readonly listSomeDocuments: Stmt<[string], SummaryRow>;
  readonly countDocuments: Stmt<[], { n: number }>;
  /** A term's packed postings in every document, as the coarse stage reads them. */
  readonly termPostings: Stmt<[string], PostingRow>;
  /** Public ids of nodes; parameter: a JSON array of compact node ids. */
  readonly nodeIds: Stmt<[string], { id: number; node_id: string }>;
  readonly getNodes: Stmt<[string], NodeRow>;
  readonly getNode: Stmt<[string], NodeRow>;
  /** A document's packed edges row. */
  readonly edgesOf: Stmt<[string], { made_by: string; data: Buffer }>;
  /** A document's public node ids in node order (level, ordinal): the positions edges point to. */
  readonly nodeOrder: Stmt<[string], string>;
  /** A term's packed postings in the documents of a JSON array of ids. */
  readonly termPostingsIn: Stmt<[string, string], PostingRow>;
  /** By scope shape; parameters: the scope's JSON arrays. */
  readonly lexicalStats: Record<ScopeShape, Stmt<string[], StatsRow>>;
}

/** Prepares every statement of the store on one connection. */
export function prepareStatements(db: Database.Database): Statements {
  return {
    deleteDocument: db.prepare<[string]>("DELETE FROM documents WHERE doc_id = ?"),
    insertDocument: db.prepare<
      [string, string, string, string, string, number, number, string | null, string | null, string]
    >(
      `INSERT INTO documents (doc_id, title, source, text, hash, tokens, chars, page_starts, meta, created_at, rev)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_counter'))`,
    ),
    bumpCounter: db.prepare<[], { value: string }>(
      "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'change_counter' RETURNING value",
    ),
    readCounter: db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'change_counter'"),
    insertQuestionData: db.prepare<[string, Buffer]>("INSERT INTO question_data (doc_id, data) VALUES (?, ?)"),
    saveQuestionData: db.prepare<[Buffer, string, number]>(
      `INSERT OR REPLACE INTO question_data (doc_id, data)
       SELECT doc_id, ? FROM documents WHERE doc_id = ? AND rev = ?`,
    ),
    insertTitleTerm: db.prepare<[string, string]>("INSERT INTO title_terms (term, doc_id) VALUES (?, ?)"),
    titleDocs: db.prepare<[string], { doc_id: string }>("SELECT doc_id FROM title_terms WHERE term = ?"),
    questionData: db.prepare<[string], { doc_id: string; title: string; rev: number; data: Buffer | null }>(
      `SELECT d.doc_id, d.title, d.rev, q.data FROM json_each(?) j
       JOIN documents d ON d.doc_id = j.value LEFT JOIN question_data q ON q.doc_id = d.doc_id
       ORDER BY j.key`,
    ),
    revisions: db.prepare<[string], { doc_id: string; rev: number }>(
      "SELECT doc_id, rev FROM documents WHERE doc_id IN (SELECT value FROM json_each(?))",
    ),
    nodesOf: db.prepare<[string], NodeRow>(
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE doc_id IN (SELECT value FROM json_each(?)) ORDER BY doc_id, level, ordinal`,
    ),
    nodeValuesOf: db
      .prepare<[string], NodeValues>(
        `SELECT ${NODE_COLUMNS.replace("doc_id, ", "").replace("text", "CASE WHEN level = 0 THEN CAST(text AS BLOB) ELSE text END")} FROM nodes
         WHERE doc_id = ? ORDER BY level, ordinal`,
      )
      .raw(true),
    insertNode: db.prepare<
      [string, string, number, number, string, number, string, string | null, string, string | null, number]
    >(
      `INSERT INTO nodes (node_id, doc_id, level, ordinal, text, tokens, spans, pages, made_by, meta, length)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertEdges: db.prepare<[string, string, Buffer]>("INSERT INTO edges (doc_id, made_by, data) VALUES (?, ?, ?)"),
    insertPosting: db.prepare<[string, string, Buffer]>(
      "INSERT INTO postings (term, doc_id, nodes) VALUES (?, ?, ?)",
    ),
    insertLevelStat: db.prepare<[string, number, number, number]>(
      "INSERT INTO level_stats (doc_id, level, nodes, total_length) VALUES (?, ?, ?, ?)",
    ),
    getDocument: db.prepare<[string], DocumentRow>(
      `SELECT doc_id, title, source, text, hash, tokens, chars, page_starts, meta, created_at
       FROM documents WHERE doc_id = ?`,
    ),
    findByHash: db.prepare<[string], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM documents d WHERE d.hash = ? ORDER BY d.created_at, d.doc_id LIMIT 1`,
    ),
    listDocuments: db.prepare<[], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM documents d ORDER BY d.created_at, d.doc_id`,
    ),
    listSomeDocuments: db.prepare<[string], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM documents d WHERE d.doc_id IN (SELECT value FROM json_each(?)) ORDER BY d.created_at, d.doc_id`,
    ),
    countDocuments: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM documents"),
    termPostings: db.prepare<[string], PostingRow>("SELECT doc_id, nodes FROM postings WHERE term = ?"),
    termPostingsIn: db.prepare<[string, string], PostingRow>(
      "SELECT doc_id, nodes FROM postings WHERE term = ? AND doc_id IN (SELECT value FROM json_each(?))",
    ),
    nodeIds: db.prepare<[string], { id: number; node_id: string }>("SELECT id, node_id FROM nodes WHERE id IN (SELECT value FROM json_each(?))"),
    getNodes: db.prepare<[string], NodeRow>(
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE doc_id = ? ORDER BY level, ordinal`,
    ),
    getNode: db.prepare<[string], NodeRow>(`SELECT ${NODE_COLUMNS} FROM nodes WHERE node_id = ?`),
    edgesOf: db.prepare<[string], { made_by: string; data: Buffer }>("SELECT made_by, data FROM edges WHERE doc_id = ?"),
    nodeOrder: db.prepare<[string], string>("SELECT node_id FROM nodes WHERE doc_id = ? ORDER BY level, ordinal").pluck(),
    lexicalStats: byShape((shape) =>
      db.prepare<string[], StatsRow>(
        `SELECT COALESCE(SUM(nodes), 0) AS nodes, COALESCE(SUM(total_length), 0) AS totalLength
         FROM level_stats WHERE 1${scopeFilter(shape, "doc_id", "level")}`,
      ),
    ),
  };
}
