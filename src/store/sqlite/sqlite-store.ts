/**
 * The default store: one SQLite file (better-sqlite3) holding documents, nodes, edges and the
 * lexical index. A put is one IMMEDIATE transaction, so a failure or a killed process leaves
 * no part of the document behind; WAL keeps readers going while a writer works.
 */
import type Database from "better-sqlite3";
import { analyze } from "../../core/analyze.js";
import { PecanError, StoreError } from "../../core/errors.js";
import { asDocId, asNodeId, type DocId, type NodeId } from "../../core/ids.js";
import type { DocumentGraph, DocumentRecord, DocumentSummary, GraphEdge, GraphNode } from "../../core/types.js";
import { coarseRows, type CoarsePosting } from "../coarse-scores.js";
import { prepareDocument, type PreparedDocument } from "../prepare.js";
import {
  STORE_SPEC_VERSION,
  type CoarseQuery,
  type CoarseRow,
  type PutExtras,
  type PutItem,
  type QuestionDataRow,
  type LexicalScope,
  type LexicalStats,
  type Posting,
  type Store,
  type IntegrityStep,
} from "../spec.js";
import { integrityProblems } from "./integrity.js";
import { openDatabase, toStoreError, type SqliteStoreOptions } from "./open.js";
import { documentFromRow, EMPTY_SPANS, encodeOptional, encodeSpans, nodeFromRow, nodeFromValues, summaryFromRow } from "./rows.js";
import { prepareStatements, type ScopeShape, type Statements } from "./statements.js";
import { ownBytes } from "../own-bytes.js";
import { lazyNodeList, type NodeList } from "../../core/node-list.js";
import { DocumentPostings, forEachPosting } from "./postings-blob.js";
import { forEachEdge, packEdges } from "./edges-blob.js";

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * The statement shape and parameters (the JSON arrays of its filters, in order) of a lexical
 * scope; empty lists mean "all".
 */
function scopeParams(scope: LexicalScope | undefined): { shape: ScopeShape; params: string[] } {
  const docs = scope?.docIds !== undefined && scope.docIds.length > 0 ? JSON.stringify(scope.docIds) : undefined;
  const levels = scope?.levels !== undefined && scope.levels.length > 0 ? JSON.stringify(scope.levels) : undefined;
  if (docs !== undefined && levels !== undefined) return { shape: "both", params: [docs, levels] };
  if (docs !== undefined) return { shape: "docs", params: [docs] };
  if (levels !== undefined) return { shape: "levels", params: [levels] };
  return { shape: "all", params: [] };
}

/** A postings row waiting to be inserted with the rest of its run's (term, document, packed nodes). */
type PostingRow = [term: string, docId: string, blob: Buffer];

/**
 * Writes one document; its postings rows go to `postings` when given (a run inserts all of its
 * documents' rows at the end, in term order), else straight into the table.
 */
function writeDocument(s: Statements, prepared: PreparedDocument, extras: PutExtras, postingRows?: PostingRow[]): void {
  const { doc } = prepared;
  s.deleteDocument.run(doc.docId);
  s.bumpCounter.get();
  s.insertDocument.run(
    doc.docId,
    doc.title,
    doc.source,
    doc.text,
    doc.hash,
    doc.tokens,
    doc.chars,
    encodeOptional(doc.pageStarts),
    encodeOptional(doc.meta),
    doc.createdAt,
  );
  // `prepared.nodes` is in node order (level, ordinal), the order edges' positions count in.
  const positions = new Map<NodeId, number>();
  const postings = new DocumentPostings();
  for (const { node, terms, length } of prepared.nodes) {
    let id: number;
    try {
      id = Number(
        s.insertNode.run(
          node.nodeId,
          doc.docId,
          node.level,
          node.ordinal,
          node.text,
          node.tokens,
          encodeSpans(node.spans),
          encodeOptional(node.pages),
          node.madeBy,
          encodeOptional(node.meta),
          length,
        ).lastInsertRowid,
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new PecanError("E_INTERNAL", `node id ${node.nodeId} already belongs to another document`, {
        cause: error,
      });
    }
    positions.set(node.nodeId, positions.size);
    for (const [term, tf] of terms) postings.add(term, id, node.level, tf, length);
  }
  // One row per term (version 4), inserted in term order: the table is clustered by term.
  for (const [term, blob] of postings.blobs()) {
    if (postingRows) postingRows.push([term, doc.docId, blob]);
    else s.insertPosting.run(term, doc.docId, blob);
  }
  // One row per document (version 5), the ends as positions in the node order.
  if (prepared.edges.length > 0) {
    const edges = prepared.edges.map((edge) => {
      const parent = positions.get(edge.parent);
      const child = positions.get(edge.child);
      if (parent === undefined || child === undefined) {
        throw new PecanError("E_INTERNAL", `edge ${edge.parent} -> ${edge.child} lost its ends`);
      }
      return { parent, child, weight: edge.weight, madeBy: edge.madeBy };
    });
    const { data, madeBy } = packEdges(edges);
    s.insertEdges.run(doc.docId, madeBy, data);
  }
  for (const level of prepared.levels) {
    s.insertLevelStat.run(doc.docId, level.level, level.nodes, level.totalLength);
  }
  for (const term of new Set(analyze(doc.title))) s.insertTitleTerm.run(term, doc.docId);
  if (extras.questionData !== undefined) s.insertQuestionData.run(doc.docId, toBuffer(extras.questionData));
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}


class SqliteStore implements Store {
  readonly specVersion = STORE_SPEC_VERSION;
  readonly kind = "sqlite";
  private readonly db: Database.Database;
  private readonly s: Statements;
  private readonly put: Database.Transaction<(prepared: PreparedDocument, extras: PutExtras) => void>;
  private readonly putMany: Database.Transaction<(items: readonly PutItem[]) => void>;
  private readonly remove: Database.Transaction<(docId: DocId) => boolean>;

  constructor(db: Database.Database) {
    this.db = db;
    this.s = prepareStatements(db);
    this.put = db.transaction((prepared: PreparedDocument, extras: PutExtras) => writeDocument(this.s, prepared, extras));
    // Each document is prepared inside the transaction, so only one is held prepared at a time.
    // The run's postings are inserted together in term order: one pass over the term-clustered
    // table instead of one per document.
    this.putMany = db.transaction((items: readonly PutItem[]) => {
      const rows: PostingRow[] = [];
      for (const { doc, graph, extras = {} } of items) writeDocument(this.s, prepareDocument(doc, graph, extras.termFrequencies), extras, rows);
      rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      for (const [term, docId, blob] of rows) this.s.insertPosting.run(term, docId, blob);
    });
    this.remove = db.transaction((docId: DocId) => {
      const removed = this.s.deleteDocument.run(docId).changes > 0;
      if (removed) this.s.bumpCounter.get();
      return removed;
    });
  }

  /**
   * Runs a call (better-sqlite3 is synchronous; the Store is not), turning driver failures
   * (closed, read-only, corrupt file) into `E_STORE` rejections.
   */
  private guard<T>(what: string, run: () => T): Promise<T> {
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(toStoreError(error, `store ${what} failed`));
    }
  }

  putDocument(doc: DocumentRecord, graph: DocumentGraph, extras: PutExtras = {}): Promise<void> {
    return this.guard("put", () => this.put.immediate(prepareDocument(doc, graph, extras.termFrequencies), extras));
  }

  putDocuments(items: readonly PutItem[]): Promise<void> {
    return this.guard("put", () => this.putMany.immediate(items));
  }

  removeDocument(docId: DocId): Promise<boolean> {
    return this.guard("remove", () => this.remove.immediate(docId));
  }

  getDocument(docId: DocId): Promise<DocumentRecord | undefined> {
    return this.guard("read", () => {
      const row = this.s.getDocument.get(docId);
      return row === undefined ? undefined : documentFromRow(row);
    });
  }

  findByHash(hash: string): Promise<DocumentSummary | undefined> {
    return this.guard("read", () => {
      const row = this.s.findByHash.get(hash);
      return row === undefined ? undefined : summaryFromRow(row);
    });
  }

  listDocuments(docIds?: readonly DocId[]): Promise<DocumentSummary[]> {
    return this.guard("read", () =>
      (docIds === undefined ? this.s.listDocuments.all() : this.s.listSomeDocuments.all(JSON.stringify(docIds))).map(summaryFromRow),
    );
  }

  countDocuments(): Promise<number> {
    return this.guard("read", () => this.s.countDocuments.get()?.n ?? 0);
  }

  getNodes(docId: DocId): Promise<GraphNode[]> {
    return this.guard("read", () => this.s.getNodes.all(docId).map(nodeFromRow));
  }

  getNode(nodeId: NodeId): Promise<GraphNode | undefined> {
    return this.guard("read", () => {
      const row = this.s.getNode.get(nodeId);
      return row === undefined ? undefined : nodeFromRow(row);
    });
  }

  getEdges(docId: DocId): Promise<GraphEdge[]> {
    return this.guard("read", () => {
      const row = this.s.edgesOf.get(docId);
      if (row === undefined) return [];
      const order = this.s.nodeOrder.all(docId);
      const edges: GraphEdge[] = [];
      forEachEdge(row.data, row.made_by, (p, c, weight, madeBy) => {
        const parent = order[p];
        const child = order[c];
        if (parent === undefined || child === undefined) throw new StoreError("E_STORE", `the store is corrupt: an edge of ${docId} points past its nodes`);
        edges.push({ parent: asNodeId(parent), child: asNodeId(child), weight, madeBy });
      });
      return edges;
    });
  }

  postings(term: string, scope?: LexicalScope): Promise<Posting[]> {
    return this.guard("read", () => this.postingsNow(term, scope));
  }

  private postingsNow(term: string, scope?: LexicalScope): Posting[] {
    const rows = scope?.docIds !== undefined && scope.docIds.length > 0 ? this.s.termPostingsIn.all(term, JSON.stringify(scope.docIds)) : this.s.termPostings.all(term);
    const levels = scope?.levels !== undefined && scope.levels.length > 0 ? new Set(scope.levels) : undefined;
    const found: { id: number; docId: DocId; level: number; tf: number; length: number }[] = [];
    for (const row of rows) {
      const docId = asDocId(row.doc_id);
      forEachPosting(row.nodes, (id, level, tf, length) => {
        if (levels === undefined || levels.has(level)) found.push({ id, docId, level, tf, length });
      });
    }
    found.sort((a, b) => a.id - b.id);
    const publicIds = new Map(this.s.nodeIds.all(JSON.stringify(found.map((p) => p.id))).map((row) => [row.id, row.node_id]));
    return found.map((p) => {
      const nodeId = publicIds.get(p.id);
      if (nodeId === undefined) throw new StoreError("E_STORE", `the store is corrupt: a posting of ${term} points to missing node ${p.id}`);
      return { nodeId: asNodeId(nodeId), docId: p.docId, level: p.level, length: p.length, tf: p.tf };
    });
  }

  lexicalStats(scope?: LexicalScope): Promise<LexicalStats> {
    return this.guard("read", () => this.statsNow(scope));
  }

  private statsNow(scope?: LexicalScope): LexicalStats {
    const { shape, params } = scopeParams(scope);
    const row = this.s.lexicalStats[shape].get(...params);
    return { nodes: row?.nodes ?? 0, totalLength: row?.totalLength ?? 0 };
  }

  getQuestionData(docIds: readonly DocId[]): Promise<QuestionDataRow[]> {
    const ids = JSON.stringify(docIds);
    // One read transaction: data and nodes of the same version of each document.
    return this.guard("read", () =>
      this.db.transaction(() => {
        const nodes = new Map<string, NodeList>();
        return this.s.questionData.all(ids).map((row) => {
          let list = nodes.get(row.doc_id);
          if (list === undefined) {
            // Document by document: every node shares the one id string. The rows are read now,
            // in this snapshot; a node object is made only when the question asks for it.
            const docId = row.doc_id;
            const values = this.s.nodeValuesOf.all(docId);
            list = lazyNodeList(
              values.length,
              (i) => values[i]![1],
              (i) => values[i]![1] > 0 && values[i]![5] === EMPTY_SPANS,
              (i) => nodeFromValues(docId, values[i]!),
            );
            nodes.set(docId, list);
          }
          return {
            docId: asDocId(row.doc_id),
            title: row.title,
            rev: row.rev,
            ...(row.data !== null ? { data: ownBytes(row.data) } : {}),
            nodes: list,
          };
        });
      })(),
    );
  }

  getRevisions(docIds: readonly DocId[]): Promise<Map<DocId, number>> {
    return this.guard("read", () => new Map(this.s.revisions.all(JSON.stringify(docIds)).map((row) => [asDocId(row.doc_id), row.rev])));
  }

  saveQuestionData(docId: DocId, rev: number, data: Uint8Array): Promise<boolean> {
    return this.guard("write", () => this.s.saveQuestionData.run(toBuffer(data), docId, rev).changes > 0);
  }

  coarseScores(query: CoarseQuery): Promise<CoarseRow[]> {
    const leaves = { levels: [0] };
    // One read transaction: the statistics and postings of one version of the store.
    return this.guard("read", () =>
      this.db.transaction(() =>
        coarseRows(query, {
          stats: this.statsNow(leaves),
          postings: (term) => {
            const leaves: CoarsePosting[] = [];
            for (const row of this.s.termPostings.all(term)) {
              const docId = asDocId(row.doc_id);
              forEachPosting(row.nodes, (node, level, tf, length) => {
                if (level === 0) leaves.push({ node, docId, length, tf });
              });
            }
            return leaves;
          },
          titleDocs: (term) => this.s.titleDocs.all(term).map((row) => asDocId(row.doc_id)),
        }),
      )(),
    );
  }

  changeCounter(): Promise<number> {
    return this.guard("read", () => Number(this.s.readCounter.get()?.value ?? 0));
  }

  integrityCheck(onStep?: IntegrityStep): Promise<string[]> {
    return this.guard("integrity check", () => integrityProblems(this.db, onStep));
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

/**
 * Opens the SQLite store at `path`, creating it when the file is new or empty. Throws
 * `StoreError` `E_STORE_VERSION` for a store of another schema version and `E_STORE` for a
 * file that is not a Pecan store (or cannot be opened).
 * @example
 * const store = openSqliteStore("pecan.db");
 * await store.putDocument(doc, graph);
 * await store.close();
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(path, options);
  try {
    return new SqliteStore(db);
  } catch (error) {
    db.close();
    throw toStoreError(error, `cannot open the store ${path}`);
  }
}
