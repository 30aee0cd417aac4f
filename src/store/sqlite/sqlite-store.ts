/**
 * The default store: one SQLite file (better-sqlite3) holding documents, nodes, edges and the
 * lexical index. A put is one IMMEDIATE transaction, so a failure or a killed process leaves
 * no part of the document behind; WAL keeps readers going while a writer works.
 */
import type Database from "better-sqlite3";
import { PecanError } from "../../core/errors.js";
import { asDocId, asNodeId, type DocId, type NodeId } from "../../core/ids.js";
import type { DocumentGraph, DocumentRecord, DocumentSummary, GraphEdge, GraphNode } from "../../core/types.js";
import { prepareDocument, type PreparedDocument } from "../prepare.js";
import {
  STORE_SPEC_VERSION,
  type LexicalScope,
  type LexicalStats,
  type Posting,
  type Store,
} from "../spec.js";
import { integrityProblems } from "./integrity.js";
import { openDatabase, toStoreError, type SqliteStoreOptions } from "./open.js";
import { documentFromRow, encodeOptional, encodeSpans, nodeFromRow, summaryFromRow } from "./rows.js";
import { prepareStatements, type ScopeShape, type Statements } from "./statements.js";

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

function writeDocument(s: Statements, prepared: PreparedDocument): void {
  const { doc } = prepared;
  s.deleteDocument.run(doc.docId);
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
  const ids = new Map<NodeId, number>();
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
    ids.set(node.nodeId, id);
    for (const [term, tf] of terms) s.insertPosting.run(term, id, doc.docId, node.level, tf);
  }
  for (const edge of prepared.edges) {
    const parent = ids.get(edge.parent);
    const child = ids.get(edge.child);
    if (parent === undefined || child === undefined) {
      throw new PecanError("E_INTERNAL", `edge ${edge.parent} -> ${edge.child} lost its ends`);
    }
    s.insertEdge.run(parent, child, edge.weight, edge.madeBy);
  }
  for (const level of prepared.levels) {
    s.insertLevelStat.run(doc.docId, level.level, level.nodes, level.totalLength);
  }
}

class SqliteStore implements Store {
  readonly specVersion = STORE_SPEC_VERSION;
  readonly kind = "sqlite";
  private readonly db: Database.Database;
  private readonly s: Statements;
  private readonly put: Database.Transaction<(prepared: PreparedDocument) => void>;
  private readonly remove: Database.Transaction<(docId: DocId) => boolean>;

  constructor(db: Database.Database) {
    this.db = db;
    this.s = prepareStatements(db);
    this.put = db.transaction((prepared: PreparedDocument) => writeDocument(this.s, prepared));
    this.remove = db.transaction((docId: DocId) => this.s.deleteDocument.run(docId).changes > 0);
  }

  /** Runs a call, turning driver failures (closed, read-only, corrupt file) into `E_STORE`. */
  private guard<T>(what: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw toStoreError(error, `store ${what} failed`);
    }
  }

  putDocument(doc: DocumentRecord, graph: DocumentGraph): void {
    const prepared = prepareDocument(doc, graph);
    this.guard("put", () => this.put.immediate(prepared));
  }

  removeDocument(docId: DocId): boolean {
    return this.guard("remove", () => this.remove.immediate(docId));
  }

  getDocument(docId: DocId): DocumentRecord | undefined {
    return this.guard("read", () => {
      const row = this.s.getDocument.get(docId);
      return row === undefined ? undefined : documentFromRow(row);
    });
  }

  findByHash(hash: string): DocumentSummary | undefined {
    return this.guard("read", () => {
      const row = this.s.findByHash.get(hash);
      return row === undefined ? undefined : summaryFromRow(row);
    });
  }

  listDocuments(): DocumentSummary[] {
    return this.guard("read", () => this.s.listDocuments.all().map(summaryFromRow));
  }

  getNodes(docId: DocId): GraphNode[] {
    return this.guard("read", () => this.s.getNodes.all(docId).map(nodeFromRow));
  }

  getNode(nodeId: NodeId): GraphNode | undefined {
    return this.guard("read", () => {
      const row = this.s.getNode.get(nodeId);
      return row === undefined ? undefined : nodeFromRow(row);
    });
  }

  getEdges(docId: DocId): GraphEdge[] {
    return this.guard("read", () =>
      this.s.getEdges.all(docId).map((row) => ({
        parent: asNodeId(row.parent),
        child: asNodeId(row.child),
        weight: row.weight,
        madeBy: row.made_by,
      })),
    );
  }

  postings(term: string, scope?: LexicalScope): Posting[] {
    const { shape, params } = scopeParams(scope);
    return this.guard("read", () =>
      this.s.postings[shape].all(term, ...params).map((row) => ({
        nodeId: asNodeId(row.nodeId),
        docId: asDocId(row.docId),
        level: row.level,
        length: row.length,
        tf: row.tf,
      })),
    );
  }

  lexicalStats(scope?: LexicalScope): LexicalStats {
    const { shape, params } = scopeParams(scope);
    return this.guard("read", () => {
      const row = this.s.lexicalStats[shape].get(...params);
      return { nodes: row?.nodes ?? 0, totalLength: row?.totalLength ?? 0 };
    });
  }

  integrityCheck(): string[] {
    return this.guard("integrity check", () => integrityProblems(this.db));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Opens the SQLite store at `path`, creating it when the file is new or empty. Throws
 * `StoreError` `E_STORE_VERSION` for a store of another schema version and `E_STORE` for a
 * file that is not a Pecan store (or cannot be opened).
 * @example
 * const store = openSqliteStore("pecan.db");
 * store.putDocument(doc, graph);
 * store.close();
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
