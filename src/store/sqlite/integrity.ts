/**
 * The consistency check of the SQLite store: SQLite's own `integrity_check` and
 * `foreign_key_check`, then the store's invariants (nodes, edges and postings that point
 * nowhere, stale lengths and level statistics, empty documents). The packed postings
 * (`postings-blob.ts`) and edges (`edges-blob.ts`) are checked here in code, a row at a time.
 */
import type Database from "better-sqlite3";
import { pushAll } from "../../core/arrays.js";
import type { IntegrityStep } from "../spec.js";
import { forEachEdge } from "./edges-blob.js";
import { forEachPosting } from "./postings-blob.js";

/** At most this many problems are listed per check. */
const LIMIT = 100;

interface Check {
  /** What the check looks at, for progress lines. */
  readonly what: string;
  readonly sql: string;
  readonly describe: (row: Record<string, unknown>) => string;
}

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

const CHECKS: readonly Check[] = [
  {
    what: "nodes' documents",
    sql: `SELECT n.node_id, n.doc_id FROM nodes n
          WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = n.doc_id)`,
    describe: (r) => `node ${text(r.node_id)} belongs to missing document ${text(r.doc_id)}`,
  },
  {
    what: "level statistics",
    sql: `SELECT COALESCE(a.doc_id, s.doc_id) AS doc_id, COALESCE(a.level, s.level) AS level
          FROM (SELECT doc_id, level, COUNT(*) AS nodes, SUM(length) AS total FROM nodes GROUP BY doc_id, level) a
          FULL JOIN level_stats s ON s.doc_id = a.doc_id AND s.level = a.level
          WHERE a.doc_id IS NULL OR s.doc_id IS NULL OR a.nodes <> s.nodes OR a.total <> s.total_length`,
    describe: (r) => `level statistics of ${text(r.doc_id)} level ${text(r.level)} do not match its nodes`,
  },
  {
    what: "nodes' JSON columns",
    sql: `SELECT node_id FROM nodes
          WHERE NOT json_valid(spans) OR (pages IS NOT NULL AND NOT json_valid(pages))
             OR (meta IS NOT NULL AND NOT json_valid(meta))`,
    describe: (r) => `node ${text(r.node_id)} has damaged JSON columns`,
  },
  {
    what: "documents without nodes",
    sql: `SELECT d.doc_id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.doc_id = d.doc_id)`,
    describe: (r) => `document ${text(r.doc_id)} has no nodes`,
  },
];

function run(db: Database.Database, sql: string, describe: (row: Record<string, unknown>) => string): string[] {
  try {
    return db
      .prepare<[], Record<string, unknown>>(`${sql} LIMIT ${LIMIT}`)
      .all()
      .map(describe);
  } catch (error) {
    return [`check failed: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * Problems of a SQLite store, one line each; empty when the store is sound.
 * @example integrityProblems(db) // [] or ["document report has no nodes"]
 */
export function integrityProblems(db: Database.Database, onStep?: IntegrityStep): string[] {
  const problems: string[] = [];
  const total = CHECKS.length + 3;
  onStep?.(0, total, "SQLite's own check and foreign keys");
  try {
    const rows = db.pragma(`integrity_check(${LIMIT})`) as { integrity_check: string }[];
    for (const row of rows) if (row.integrity_check !== "ok") problems.push(`sqlite: ${row.integrity_check}`);
    const fk = db.pragma("foreign_key_check") as { table: string; rowid: number | null; parent: string }[];
    for (const row of fk.slice(0, LIMIT)) {
      problems.push(`row ${row.rowid ?? "?"} of ${row.table} points to a missing row of ${row.parent}`);
    }
  } catch (error) {
    problems.push(`sqlite check failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const [i, check] of CHECKS.entries()) {
    onStep?.(i + 1, total, check.what);
    pushAll(problems, run(db, check.sql, check.describe));
  }
  onStep?.(total - 2, total, "postings against their nodes");
  pushAll(problems, postingProblems(db));
  onStep?.(total - 1, total, "edges against their nodes");
  pushAll(problems, edgeProblems(db));
  return problems;
}

/**
 * Problems of the packed edges (`edges-blob.ts`): a damaged row, an end past the document's
 * nodes, an edge from a node to itself, and two edges between the same nodes.
 */
function edgeProblems(db: Database.Database): string[] {
  const problems: string[] = [];
  const add = (problem: string): void => {
    if (problems.length < LIMIT) problems.push(problem);
  };
  try {
    const counts = new Map(
      db.prepare<[], { doc_id: string; n: number }>("SELECT doc_id, COUNT(*) AS n FROM nodes GROUP BY doc_id").all().map((row) => [row.doc_id, row.n]),
    );
    for (const row of db.prepare<[], { doc_id: string; made_by: string; data: Buffer }>("SELECT doc_id, made_by, data FROM edges").iterate()) {
      const nodes = counts.get(row.doc_id) ?? 0;
      let last = -1;
      try {
        forEachEdge(row.data, row.made_by, (parent, child) => {
          if (parent >= nodes || child >= nodes) return add(`an edge of ${row.doc_id} points past its ${nodes} nodes`);
          if (parent === child) return add(`an edge of ${row.doc_id} joins node ${parent} to itself`);
          const key = parent * nodes + child;
          if (key <= last) add(`the edges of ${row.doc_id} are out of order or repeated at ${parent} -> ${child}`);
          last = key;
        });
      } catch {
        add(`the edges of ${row.doc_id} are damaged`);
      }
    }
  } catch (error) {
    add(`edges check failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}

/**
 * Problems of the packed postings: a posting that points to a missing node or disagrees with
 * its node (document, level, length, a term frequency below 1), a damaged blob, and a node
 * whose length is not the sum of its postings' term frequencies. Holds every node's length in
 * memory (about 40 bytes a node).
 */
function postingProblems(db: Database.Database): string[] {
  const problems: string[] = [];
  const add = (problem: string): void => {
    if (problems.length < LIMIT) problems.push(problem);
  };
  try {
    const nodes = new Map<number, { nodeId: string; docId: string; level: number; length: number; total: number }>();
    for (const row of db.prepare<[], { id: number; node_id: string; doc_id: string; level: number; length: number }>("SELECT id, node_id, doc_id, level, length FROM nodes").all()) {
      nodes.set(row.id, { nodeId: row.node_id, docId: row.doc_id, level: row.level, length: row.length, total: 0 });
    }
    for (const row of db.prepare<[], { term: string; doc_id: string; nodes: Buffer }>("SELECT term, doc_id, nodes FROM postings").iterate()) {
      try {
        forEachPosting(row.nodes, (id, level, tf, length) => {
          const node = nodes.get(id);
          if (node === undefined) return add(`posting of ${row.term} points to missing node ${id}`);
          node.total += tf;
          if (node.docId !== row.doc_id || node.level !== level || node.length !== length || tf < 1) add(`posting of ${row.term} disagrees with node ${node.nodeId}`);
        });
      } catch {
        add(`postings of ${row.term} in ${row.doc_id} are damaged`);
      }
    }
    for (const node of nodes.values()) if (node.total !== node.length) add(`node ${node.nodeId} has length ${node.length} but postings add up to ${node.total}`);
  } catch (error) {
    add(`postings check failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}
