/**
 * The Store interface, version 2: asynchronous, so a database server can implement it. The
 * SQLite store (default), the PostgreSQL store and the in-memory store implement it and pass
 * one conformance suite (`testing/store-conformance.ts`). Only `engine/create.ts`, the CLI's store
 * opener and tests pick an implementation; every other layer sees this file.
 *
 * Version 2 adds, besides promises: question-time data (an opaque blob the retrieval layer
 * encodes, written in the document's transaction), a per-document revision from a store-wide
 * change counter (what per-process caches are keyed by), batch reads for the walk, and the
 * coarse stage's scoring as one store call (SQL in a database server).
 */
import type { DocId, NodeId } from "../core/ids.js";
import type { NodeList } from "../core/node-list.js";
import type {
  DocumentGraph,
  DocumentRecord,
  DocumentSummary,
  GraphEdge,
  GraphNode,
} from "../core/types.js";

export const STORE_SPEC_VERSION = 2;

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

/** What a put may carry besides the document and its graph. */
/** One document of `Store.putDocuments`. */
export interface PutItem {
  readonly doc: DocumentRecord;
  readonly graph: DocumentGraph;
  readonly extras?: PutExtras;
}

export interface PutExtras {
  /**
   * Question-time data of the document (encoded by the retrieval layer from the document and
   * its graph, nodes ordered by level then ordinal), stored in the same transaction.
   */
  readonly questionData?: Uint8Array;
  /**
   * `termFrequencies` (`core/analyze.ts`) or a memo of it that gives exactly its results: the
   * builder has analysed every node's text already, so the postings need not analyse it again.
   */
  readonly termFrequencies?: (text: string) => ReadonlyMap<string, number>;
}

/** Told of each step of an integrity check before it runs. */
export type IntegrityStep = (done: number, total: number, what: string) => void;

/** A document's revision and question-time data, as `getQuestionData` returns them. */
export interface QuestionDataRow {
  readonly docId: DocId;
  readonly title: string;
  /** Store-wide change counter value of the put that wrote this version of the document. */
  readonly rev: number;
  /** Undefined when the document was written without it (a store of an older schema). */
  readonly data?: Uint8Array;
  /**
   * The document's nodes, ordered by level then ordinal, read in the same snapshot as `data`;
   * a store may make each node object only when it is first asked for.
   */
  readonly nodes: NodeList;
}

/** The coarse stage's query: BM25 over leaves (level 0) of every document. */
export interface CoarseQuery {
  /** Distinct analyzed terms of the question. */
  readonly terms: readonly string[];
  readonly k1: number;
  readonly b: number;
  /**
   * What the caller will select from the rows: a store may then leave out documents that
   * cannot be selected (omitted: every document, as before). Selected means among the best
   * `k` by score (first + `second` times second + `title` times titleIdf) and at least `ratio`
   * times the best score; every row returned is exact, and every selectable document is returned.
   */
  readonly top?: CoarseTop;
}

/** The selection a coarse query serves (`retrieval/coarse.ts`'s `selectDocuments`). */
export interface CoarseTop {
  readonly k: number;
  readonly ratio: number;
  readonly second: number;
  readonly title: number;
}

/** One document's coarse evidence: its two best leaves' BM25 and the IDF of question terms in its title. */
export interface CoarseRow {
  readonly docId: DocId;
  readonly first: number;
  readonly second: number;
  /** Sum of the leaf IDF of the question terms found among the title's analyzed terms. */
  readonly titleIdf: number;
}

export interface Store {
  readonly specVersion: typeof STORE_SPEC_VERSION;
  /** `sqlite`, `postgres` or `memory`. */
  readonly kind: string;

  /**
   * Stores a document with its whole graph, all or nothing: on any failure (or a killed
   * process) the store holds no part of it. Replaces an existing document with the same id.
   * Postings for the lexical index are computed from node texts with `core/analyze`.
   */
  putDocument(doc: DocumentRecord, graph: DocumentGraph, extras?: PutExtras): Promise<void>;
  /**
   * Stores several documents in order, each as `putDocument` would. SQLite writes them in one
   * transaction (all or none): a multi-document ingest commits a run of documents at once, since
   * every commit rewrites each page of the term-clustered postings its documents touch.
   * PostgreSQL and memory keep one transaction per document, so after a failure the documents
   * before the failing one may be stored; putting them again stores the same content.
   */
  putDocuments(items: readonly PutItem[]): Promise<void>;
  /** Removes a document with its nodes, edges and postings. False when it was not there. */
  removeDocument(docId: DocId): Promise<boolean>;

  getDocument(docId: DocId): Promise<DocumentRecord | undefined>;
  /** The document with this content hash, if any (re-ingest detection). */
  findByHash(hash: string): Promise<DocumentSummary | undefined>;
  /** All documents (or those of `docIds` that are stored), ordered by ingest time then id. */
  listDocuments(docIds?: readonly DocId[]): Promise<DocumentSummary[]>;
  /** How many documents are stored (what a question checks, without listing them). */
  countDocuments(): Promise<number>;

  /** A document's nodes, ordered by level then ordinal. */
  getNodes(docId: DocId): Promise<GraphNode[]>;
  getNode(nodeId: NodeId): Promise<GraphNode | undefined>;
  /** A document's edges, ordered by parent then child. */
  getEdges(docId: DocId): Promise<GraphEdge[]>;

  /** Postings of one analyzed term within a scope. */
  postings(term: string, scope?: LexicalScope): Promise<Posting[]>;
  /** Number of nodes in scope and their summed analyzed lengths (BM25's average length); a term's document frequency is `postings(term, scope).length`. */
  lexicalStats(scope?: LexicalScope): Promise<LexicalStats>;

  /**
   * Revisions, question-time data and nodes of these documents (one snapshot), in the order
   * asked; documents not in the store are left out. One call however many documents.
   */
  getQuestionData(docIds: readonly DocId[]): Promise<QuestionDataRow[]>;
  /** Revisions only (what a cache checks before it trusts what it holds); missing documents left out. */
  getRevisions(docIds: readonly DocId[]): Promise<Map<DocId, number>>;
  /**
   * Stores question-time data computed later (a document of an older schema), only if the
   * document is still at revision `rev`. False when it changed or went away meanwhile.
   */
  saveQuestionData(docId: DocId, rev: number, data: Uint8Array): Promise<boolean>;
  /**
   * The coarse stage: every document some question term reaches (in leaves or title), unordered;
   * with `query.top`, at least those that selection can pick (PostgreSQL leaves out documents
   * whose upper bound is below what the selection needs; SQLite and memory return them all).
   */
  coarseScores(query: CoarseQuery): Promise<CoarseRow[]>;
  /** The store-wide change counter: it grows with every put and removal. */
  changeCounter(): Promise<number>;

  /**
   * Problems found by a consistency check (empty when sound): dangling nodes, edges, postings.
   * `onStep` hears of each step before it runs (`done` of `total` steps, what it checks): on a
   * large PostgreSQL store the check takes minutes, and a command can show how far it is.
   */
  integrityCheck(onStep?: IntegrityStep): Promise<string[]>;
  close(): Promise<void>;
}
