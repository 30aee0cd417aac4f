/**
 * The Store interface, version 1. The SQLite store (default) and the in-memory store implement
 * it and pass one conformance suite (`conformance.ts`). Only `engine.ts` and tests pick an
 * implementation; every other layer sees this file.
 */
import type { DocId, NodeId } from "../core/ids.js";
import type {
  DocumentGraph,
  DocumentRecord,
  DocumentSummary,
  GraphEdge,
  GraphNode,
} from "../core/types.js";

export const STORE_SPEC_VERSION = 1;

/** One posting of the lexical index: a term's frequency in a node. */
export interface Posting {
  readonly nodeId: NodeId;
  readonly docId: DocId;
  readonly level: number;
  /** Number of analyzed terms in the node. */
  readonly length: number;
  /** Occurrences of the term in the node. */
  readonly tf: number;
}

/** Corpus statistics of the lexical index, for BM25. */
export interface LexicalStats {
  /** Number of indexed nodes in scope. */
  readonly nodes: number;
  /** Sum of node lengths in scope (analyzed terms). */
  readonly totalLength: number;
}

/** Which nodes a lexical query looks at. Empty fields mean "all". */
export interface LexicalScope {
  readonly docIds?: readonly DocId[];
  readonly levels?: readonly number[];
}

export interface Store {
  readonly specVersion: typeof STORE_SPEC_VERSION;
  /** `sqlite` or `memory`. */
  readonly kind: string;

  /**
   * Stores a document with its whole graph, all or nothing: on any failure (or a killed
   * process) the store holds no part of it. Replaces an existing document with the same id.
   * Postings for the lexical index are computed from node texts with `core/analyze`.
   */
  putDocument(doc: DocumentRecord, graph: DocumentGraph): void;
  /** Removes a document with its nodes, edges and postings. False when it was not there. */
  removeDocument(docId: DocId): boolean;

  getDocument(docId: DocId): DocumentRecord | undefined;
  /** The document with this content hash, if any (re-ingest detection). */
  findByHash(hash: string): DocumentSummary | undefined;
  /** All documents, ordered by ingest time then id. */
  listDocuments(): DocumentSummary[];

  /** A document's nodes, ordered by level then ordinal. */
  getNodes(docId: DocId): GraphNode[];
  getNode(nodeId: NodeId): GraphNode | undefined;
  /** A document's edges, ordered by parent then child. */
  getEdges(docId: DocId): GraphEdge[];

  /** Postings of one analyzed term within a scope. */
  postings(term: string, scope?: LexicalScope): Posting[];
  /** Number of nodes in scope and their summed analyzed lengths (BM25's average length); a term's document frequency is `postings(term, scope).length`. */
  lexicalStats(scope?: LexicalScope): LexicalStats;

  /** Problems found by a consistency check (empty when sound): dangling nodes, edges, postings. */
  integrityCheck(): string[];
  close(): void;
}
