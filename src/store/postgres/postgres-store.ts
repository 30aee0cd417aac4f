/**
 * The PostgreSQL store (the `pg` client): the same contract as the SQLite store, for a team
 * whose workers share one database server. A put is one transaction that first takes a
 * transaction-level advisory lock on its document id, so two writers of one document queue up
 * (instead of one failing on the primary key) while writers of different documents never wait
 * for each other; the change counter is a sequence, which never blocks. Readers never lock: a
 * question's coarse stage is one statement (one snapshot), and the data it then reads for the
 * chosen documents comes with their nodes from one REPEATABLE READ transaction. Per-process
 * caches are keyed by each document's revision, read from the database at every question.
 *
 * The schema is created or migrated on first use (`connect.ts`), so opening is synchronous and
 * costs nothing until the first call.
 */
import type { Pool } from "pg";
import { StoreError } from "../../core/errors.js";
import { asDocId, asNodeId, type DocId, type NodeId } from "../../core/ids.js";
import type { DocumentGraph, DocumentRecord, DocumentSummary, GraphEdge, GraphNode } from "../../core/types.js";
import { nodeListOf } from "../../core/node-list.js";
import { prepareDocument, type PreparedDocument } from "../prepare.js";
import { documentFromRow, nodeFromRow, summaryFromRow, type DocumentRow, type NodeRow, type SummaryRow } from "../sqlite/rows.js";
import {
  STORE_SPEC_VERSION,
  type CoarseQuery,
  type CoarseRow,
  type LexicalScope,
  type LexicalStats,
  type Posting,
  type PutExtras,
  type PutItem,
  type QuestionDataRow,
  type Store,
  type IntegrityStep,
} from "../spec.js";
import {
  createPool,
  DEFAULT_POOL_SIZE,
  ensureSchema,
  inTransaction,
  parseStoreUrl,
  redactUrl,
  toStoreError,
  type PostgresStoreOptions,
} from "./connect.js";
import { coarseSql, coarseTopSql, integritySql, nodeColumns, summaryColumns, termPostingsSql } from "./queries.js";
import { scopeWhere, writeDocument } from "./write.js";
import { ownBytes } from "../own-bytes.js";

class PostgresStore implements Store {
  readonly specVersion = STORE_SPEC_VERSION;
  readonly kind = "postgres";
  private readonly s: string;
  private readonly schema: string;
  private ready: Promise<Pool> | undefined;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    schema: string,
    private readonly poolSize: number,
    private readonly where: string,
    private readonly onMigrate?: (from: number, to: number) => void,
  ) {
    this.s = `"${schema}"`;
    this.schema = schema;
  }

  /** The pool, once the schema is there (created or migrated on first use). */
  private pool(): Promise<Pool> {
    if (this.closed) return Promise.reject(new StoreError("E_STORE", "the store is closed"));
    this.ready ??= (async () => {
      const pool = await createPool(this.connectionString, this.poolSize);
      try {
        await ensureSchema(pool, this.schema, this.where, this.onMigrate);
        return pool;
      } catch (error) {
        await pool.end().catch(() => undefined);
        throw error;
      }
    })();
    // A failed open is retried by the next call (the server may come up later).
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  private async run<T>(what: string, body: (pool: Pool) => Promise<T>): Promise<T> {
    try {
      return await body(await this.pool());
    } catch (error) {
      throw toStoreError(error, `store ${what} failed (${this.where})`);
    }
  }

  private async rows<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.run("read", async (pool) => (await pool.query<R>(sql, params)).rows);
  }

  putDocument(doc: DocumentRecord, graph: DocumentGraph, extras: PutExtras = {}): Promise<void> {
    let prepared: PreparedDocument;
    try {
      prepared = prepareDocument(doc, graph);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return this.run("put", (pool) => inTransaction(pool, "BEGIN", (client) => writeDocument(client, this.s, prepared, extras)));
  }

  /** One transaction per document, as every put here (its own advisory lock, see putDocument). */
  async putDocuments(items: readonly PutItem[]): Promise<void> {
    for (const { doc, graph, extras } of items) await this.putDocument(doc, graph, extras);
  }

  removeDocument(docId: DocId): Promise<boolean> {
    return this.run("remove", (pool) =>
      inTransaction(pool, "BEGIN", async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [docId]);
        const result = await client.query(`DELETE FROM ${this.s}.documents WHERE doc_id = $1`, [docId]);
        if ((result.rowCount ?? 0) === 0) return false;
        await client.query(`SELECT nextval('${this.s}.change_counter')`);
        return true;
      }),
    );
  }

  async getDocument(docId: DocId): Promise<DocumentRecord | undefined> {
    const [row] = await this.rows<DocumentRow>(
      `SELECT doc_id, title, source, text, hash, tokens, chars, page_starts, meta, created_at FROM ${this.s}.documents WHERE doc_id = $1`,
      [docId],
    );
    return row === undefined ? undefined : documentFromRow(row);
  }

  async findByHash(hash: string): Promise<DocumentSummary | undefined> {
    const [row] = await this.rows<SummaryRow>(
      `SELECT ${summaryColumns(this.s)} FROM ${this.s}.documents d WHERE d.hash = $1 ORDER BY d.created_at, d.doc_id LIMIT 1`,
      [hash],
    );
    return row === undefined ? undefined : summaryFromRow(row);
  }

  async listDocuments(docIds?: readonly DocId[]): Promise<DocumentSummary[]> {
    const some = docIds === undefined ? "" : " WHERE d.doc_id = ANY($1::text[])";
    const rows = await this.rows<SummaryRow>(
      `SELECT ${summaryColumns(this.s)} FROM ${this.s}.documents d${some} ORDER BY d.created_at, d.doc_id`,
      docIds === undefined ? [] : [[...docIds]],
    );
    return rows.map(summaryFromRow);
  }

  async countDocuments(): Promise<number> {
    const [row] = await this.rows<{ n: string }>(`SELECT count(*) AS n FROM ${this.s}.documents`);
    return Number(row?.n ?? 0);
  }

  async getNodes(docId: DocId): Promise<GraphNode[]> {
    const rows = await this.rows<NodeRow>(`SELECT ${nodeColumns} FROM ${this.s}.nodes WHERE doc_id = $1 ORDER BY level, ordinal`, [docId]);
    return rows.map(nodeFromRow);
  }

  async getNode(nodeId: NodeId): Promise<GraphNode | undefined> {
    const [row] = await this.rows<NodeRow>(`SELECT ${nodeColumns} FROM ${this.s}.nodes WHERE node_id = $1`, [nodeId]);
    return row === undefined ? undefined : nodeFromRow(row);
  }

  async getEdges(docId: DocId): Promise<GraphEdge[]> {
    const rows = await this.rows<{ parent: string; child: string; weight: number; made_by: string }>(
      `SELECT p.node_id AS parent, c.node_id AS child, e.weight, e.made_by
       FROM ${this.s}.edges e
       JOIN ${this.s}.nodes p ON p.doc_id = e.doc_id AND p.idx = e.parent
       JOIN ${this.s}.nodes c ON c.doc_id = e.doc_id AND c.idx = e.child
       WHERE e.doc_id = $1 ORDER BY p.level, p.ordinal, c.level, c.ordinal`,
      [docId],
    );
    return rows.map((row) => ({ parent: asNodeId(row.parent), child: asNodeId(row.child), weight: row.weight, madeBy: row.made_by }));
  }

  async postings(term: string, scope?: LexicalScope): Promise<Posting[]> {
    const where = scopeWhere(scope, 2);
    const rows = await this.rows<{ node_id: string; doc_id: string; level: number; length: number; tf: number }>(
      termPostingsSql(this.s, where.sql),
      [term, ...where.params],
    );
    return rows.map((row) => ({ nodeId: asNodeId(row.node_id), docId: asDocId(row.doc_id), level: row.level, length: row.length, tf: row.tf }));
  }

  async lexicalStats(scope?: LexicalScope): Promise<LexicalStats> {
    const where = scopeWhere(scope, 1);
    const [row] = await this.rows<{ nodes: string; total: string }>(
      `SELECT COALESCE(SUM(nodes), 0) AS nodes, COALESCE(SUM(total_length), 0) AS total FROM ${this.s}.level_stats WHERE true${where.sql}`,
      where.params,
    );
    return { nodes: Number(row?.nodes ?? 0), totalLength: Number(row?.total ?? 0) };
  }

  getQuestionData(docIds: readonly DocId[]): Promise<QuestionDataRow[]> {
    const ids = [...docIds];
    return this.run("read", (pool) =>
      inTransaction(pool, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", async (client) => {
        const docs = await client.query<{ doc_id: string; title: string; rev: string; data: Buffer | null }>(
          `SELECT d.doc_id, d.title, d.rev, q.data
           FROM unnest($1::text[]) WITH ORDINALITY AS i(doc_id, ord)
           JOIN ${this.s}.documents d ON d.doc_id = i.doc_id
           LEFT JOIN ${this.s}.question_data q ON q.doc_id = d.doc_id
           ORDER BY i.ord`,
          [ids],
        );
        const nodeRows = await client.query<NodeRow>(
          `SELECT ${nodeColumns} FROM ${this.s}.nodes WHERE doc_id = ANY($1::text[]) ORDER BY doc_id, level, ordinal`,
          [ids],
        );
        const nodes = new Map<string, GraphNode[]>();
        for (const row of nodeRows.rows) {
          let list = nodes.get(row.doc_id);
          if (list === undefined) nodes.set(row.doc_id, (list = []));
          list.push(nodeFromRow(row));
        }
        return docs.rows.map((row) => ({
          docId: asDocId(row.doc_id),
          title: row.title,
          rev: Number(row.rev),
          ...(row.data !== null ? { data: ownBytes(row.data) } : {}),
          nodes: nodeListOf(nodes.get(row.doc_id) ?? []),
        }));
      }),
    );
  }

  async getRevisions(docIds: readonly DocId[]): Promise<Map<DocId, number>> {
    const rows = await this.rows<{ doc_id: string; rev: string }>(`SELECT doc_id, rev FROM ${this.s}.documents WHERE doc_id = ANY($1::text[])`, [[...docIds]]);
    return new Map(rows.map((row) => [asDocId(row.doc_id), Number(row.rev)]));
  }

  saveQuestionData(docId: DocId, rev: number, data: Uint8Array): Promise<boolean> {
    return this.run("write", async (pool) => {
      const result = await pool.query(
        `INSERT INTO ${this.s}.question_data (doc_id, data)
         SELECT doc_id, $2 FROM ${this.s}.documents WHERE doc_id = $1 AND rev = $3
         ON CONFLICT (doc_id) DO UPDATE SET data = EXCLUDED.data`,
        [docId, Buffer.from(data), rev],
      );
      return (result.rowCount ?? 0) > 0;
    });
  }

  async coarseScores(query: CoarseQuery): Promise<CoarseRow[]> {
    const terms = [...new Set(query.terms)];
    // A selection of at most k documents, k a positive integer, is what the bounds can prune for.
    const top = query.top !== undefined && Number.isSafeInteger(query.top.k) && query.top.k > 0 ? query.top : undefined;
    const rows = await this.rows<{ doc_id: string; first: number; second: number; title_idf: number }>(
      top === undefined ? coarseSql(this.s) : coarseTopSql(this.s),
      top === undefined ? [terms, query.k1, query.b] : [terms, query.k1, query.b, top.k, top.ratio, top.second, top.title],
    );
    return rows.map((row) => ({ docId: asDocId(row.doc_id), first: row.first, second: row.second, titleIdf: row.title_idf }));
  }

  async changeCounter(): Promise<number> {
    const [row] = await this.rows<{ value: string }>(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS value FROM ${this.s}.change_counter`);
    return Number(row?.value ?? 0);
  }

  async integrityCheck(onStep?: IntegrityStep): Promise<string[]> {
    const problems: string[] = [];
    const checks = integritySql(this.s);
    for (const [i, check] of checks.entries()) {
      onStep?.(i, checks.length, check.what);
      const rows = await this.rows<Record<string, unknown>>(`${check.sql} LIMIT 100`);
      for (const row of rows) problems.push(check.describe(row));
    }
    return problems;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ready = this.ready;
    this.ready = undefined;
    const pool = await ready?.catch(() => undefined);
    await pool?.end();
  }
}

/**
 * A PostgreSQL store at `url` (`postgres://user@host:port/db`, optionally `?schema=name`).
 * Nothing is sent until the first call, which creates or migrates the schema.
 * @example
 * const store = openPostgresStore("postgres://pecan@127.0.0.1:5432/pecan");
 * await store.putDocument(doc, graph);
 * await store.close();
 */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Store {
  const { connectionString, schema } = parseStoreUrl(url, options);
  return new PostgresStore(connectionString, schema, options.poolSize ?? DEFAULT_POOL_SIZE, redactUrl(url), options.onMigrate);
}
