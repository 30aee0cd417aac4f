/**
 * Writing one document into the PostgreSQL store (inside the caller's transaction): the advisory
 * lock on its id, the delete of its old version (rows cascade), then every table in batched
 * `unnest` inserts.
 */
import type { PoolClient } from "pg";
import { analyze } from "../../core/analyze.js";
import { PecanError } from "../../core/errors.js";
import type { NodeId } from "../../core/ids.js";
import type { PreparedDocument } from "../prepare.js";
import { encodeOptional, encodeSpans } from "../sqlite/rows.js";
import type { LexicalScope, PutExtras } from "../spec.js";
import { pushAll } from "../../core/arrays.js";
import { sqlState } from "./connect.js";

/** Postings (node entries) a put sends per statement at most, unless one term alone has more (bounded parameter arrays). */
const POSTINGS_PER_INSERT = 20_000;

/** SQL filters (and their parameters from `$first` on) of a lexical scope; empty lists mean "all". */
export function scopeWhere(scope: LexicalScope | undefined, first: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope?.docIds !== undefined && scope.docIds.length > 0) {
    params.push([...scope.docIds]);
    parts.push(`doc_id = ANY($${first + params.length - 1}::text[])`);
  }
  if (scope?.levels !== undefined && scope.levels.length > 0) {
    params.push([...scope.levels]);
    parts.push(`level = ANY($${first + params.length - 1}::int[])`);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(""), params };
}

/** Writes a prepared document in the caller's transaction, after the advisory lock on its id. */
export async function writeDocument(client: PoolClient, s: string, prepared: PreparedDocument, extras: PutExtras): Promise<void> {
  const { doc } = prepared;
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [doc.docId]);
  await client.query(`DELETE FROM ${s}.documents WHERE doc_id = $1`, [doc.docId]);
  const inserted = await client.query<{ rev: string }>(
    `INSERT INTO ${s}.documents (doc_id, title, source, text, hash, tokens, chars, page_starts, meta, created_at, rev)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nextval('${s}.change_counter')) RETURNING rev`,
    [doc.docId, doc.title, doc.source, doc.text, doc.hash, doc.tokens, doc.chars, encodeOptional(doc.pageStarts), encodeOptional(doc.meta), doc.createdAt],
  );
  const index = new Map<NodeId, number>();
  prepared.nodes.forEach(({ node }, i) => index.set(node.nodeId, i));
  const nodes = prepared.nodes;
  try {
    await client.query(
      `INSERT INTO ${s}.nodes (doc_id, idx, node_id, level, ordinal, text, tokens, spans, pages, made_by, meta, length)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[])`,
      [
        doc.docId,
        nodes.map((_, i) => i),
        nodes.map((p) => p.node.nodeId),
        nodes.map((p) => p.node.level),
        nodes.map((p) => p.node.ordinal),
        nodes.map((p) => p.node.text),
        nodes.map((p) => p.node.tokens),
        nodes.map((p) => encodeSpans(p.node.spans)),
        nodes.map((p) => encodeOptional(p.node.pages)),
        nodes.map((p) => p.node.madeBy),
        nodes.map((p) => encodeOptional(p.node.meta)),
        nodes.map((p) => p.length),
      ],
    );
  } catch (error) {
    if (sqlState(error) !== "23505") throw error;
    throw new PecanError("E_INTERNAL", `a node id of ${doc.docId} already belongs to another document`, { cause: error });
  }
  const rev = inserted.rows[0]?.rev;
  if (rev === undefined) throw new PecanError("E_INTERNAL", `the put of ${doc.docId} returned no revision`);
  await writePostings(client, s, doc.docId, rev, nodes);
  const edges = prepared.edges;
  if (edges.length > 0) {
    await client.query(
      `INSERT INTO ${s}.edges (doc_id, parent, child, weight, made_by)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::float8[], $5::text[])`,
      [doc.docId, edges.map((e) => index.get(e.parent) ?? -1), edges.map((e) => index.get(e.child) ?? -1), edges.map((e) => e.weight), edges.map((e) => e.madeBy)],
    );
  }
  if (prepared.levels.length > 0) {
    await client.query(
      `INSERT INTO ${s}.level_stats (doc_id, level, nodes, total_length) SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bigint[])`,
      [doc.docId, prepared.levels.map((l) => l.level), prepared.levels.map((l) => l.nodes), prepared.levels.map((l) => l.totalLength)],
    );
  }
  const titleTerms = [...new Set(analyze(doc.title))];
  if (titleTerms.length > 0) {
    await client.query(`INSERT INTO ${s}.title_terms (doc_id, term) SELECT $1, unnest($2::text[])`, [doc.docId, titleTerms]);
  }
  if (extras.questionData !== undefined) {
    await client.query(`INSERT INTO ${s}.question_data (doc_id, data) VALUES ($1, $2)`, [doc.docId, Buffer.from(extras.questionData)]);
  }
}


/**
 * One document's postings of one term, packed (schema version 2): node order, so leaves come
 * first. `maxTf` and `minLength` (schema 3) are the largest term frequency and the shortest
 * length among its leaves (0 and 0 without leaves): the coarse stage's upper bound.
 */
interface PackedRow {
  leaves: number;
  maxTf: number;
  minLength: number;
  readonly nodes: number[];
  readonly levels: number[];
  readonly tfs: number[];
  readonly lengths: number[];
}

/**
 * The packed postings of a document's nodes (`nodes` in index order, which is level order):
 * one row per term, its node entries ascending by index, `leaves` counting those of level 0.
 */
export function packDocumentPostings(nodes: PreparedDocument["nodes"]): Map<string, PackedRow> {
  const rows = new Map<string, PackedRow>();
  for (const [i, { node, terms, length }] of nodes.entries()) {
    for (const [term, tf] of terms) {
      let row = rows.get(term);
      if (row === undefined) rows.set(term, (row = { leaves: 0, maxTf: 0, minLength: 0, nodes: [], levels: [], tfs: [], lengths: [] }));
      row.nodes.push(i);
      row.levels.push(node.level);
      row.tfs.push(tf);
      row.lengths.push(length);
      if (node.level === 0) {
        row.minLength = row.leaves === 0 ? length : Math.min(row.minLength, length);
        row.maxTf = Math.max(row.maxTf, tf);
        row.leaves++;
      }
    }
  }
  return rows;
}

/**
 * Inserts a document's packed postings, a batch of rows per statement: the rows' entries go as
 * flat arrays and each row takes its slice (`[from:to]`, 1-based), so a statement has a fixed
 * number of parameters however many rows it carries.
 */
async function writePostings(client: PoolClient, s: string, docId: string, rev: string, nodes: PreparedDocument["nodes"]): Promise<void> {
  const batch = { terms: [] as string[], leaves: [] as number[], maxTf: [] as number[], minLength: [] as number[], from: [] as number[], to: [] as number[], nodes: [] as number[], levels: [] as number[], tfs: [] as number[], lengths: [] as number[] };
  const flush = async (): Promise<void> => {
    if (batch.terms.length === 0) return;
    await client.query(
      `INSERT INTO ${s}.postings (doc_id, rev, term, leaves, max_tf, min_length, nodes, levels, tfs, lengths)
       SELECT $1, $10::bigint, r.term, r.leaves, r.max_tf, r.min_length, ($6::int[])[r.f:r.t], ($7::int[])[r.f:r.t], ($8::int[])[r.f:r.t], ($9::int[])[r.f:r.t]
       FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $11::int[], $12::int[]) AS r(term, leaves, f, t, max_tf, min_length)`,
      [docId, batch.terms, batch.leaves, batch.from, batch.to, batch.nodes, batch.levels, batch.tfs, batch.lengths, rev, batch.maxTf, batch.minLength],
    );
    for (const list of Object.values(batch)) list.length = 0;
  };
  for (const [term, row] of packDocumentPostings(nodes)) {
    if (batch.nodes.length > 0 && batch.nodes.length + row.nodes.length > POSTINGS_PER_INSERT) await flush();
    batch.terms.push(term);
    batch.leaves.push(row.leaves);
    batch.maxTf.push(row.maxTf);
    batch.minLength.push(row.minLength);
    batch.from.push(batch.nodes.length + 1);
    pushAll(batch.nodes, row.nodes);
    pushAll(batch.levels, row.levels);
    pushAll(batch.tfs, row.tfs);
    pushAll(batch.lengths, row.lengths);
    batch.to.push(batch.nodes.length);
  }
  await flush();
}
