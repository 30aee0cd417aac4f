/**
 * What the in-memory store keeps per document and posting, and the pure helpers its methods
 * share (summaries, list order, scope filters, edge order).
 */
import type { DocId, NodeId } from "../../core/ids.js";
import type { DocumentRecord, DocumentSummary, GraphEdge, GraphNode } from "../../core/types.js";
import { compareCodePoints, type LevelStat, type PreparedDocument } from "../prepare.js";
import type { LexicalScope, Posting } from "../spec.js";

export interface StoredDocument {
  readonly record: DocumentRecord;
  /** Ordered by level then ordinal. */
  readonly nodes: readonly GraphNode[];
  /** Ordered by parent then child position. */
  readonly edges: readonly GraphEdge[];
  readonly levels: readonly LevelStat[];
  /** Terms of each node, to remove its postings. */
  readonly terms: ReadonlyMap<NodeId, readonly string[]>;
  /** Distinct analyzed terms of the title. */
  readonly titleTerms: readonly string[];
  readonly rev: number;
  questionData?: Uint8Array;
}

export interface StoredPosting extends Posting {
  /** Insertion order of the node, the order postings are returned in. */
  readonly seq: number;
}

export function summaryOf(stored: StoredDocument): DocumentSummary {
  const { record } = stored;
  return {
    docId: record.docId,
    title: record.title,
    source: record.source,
    hash: record.hash,
    tokens: record.tokens,
    chars: record.chars,
    nodes: stored.levels.reduce((sum, level) => sum + level.nodes, 0),
    levels: stored.levels.length,
    createdAt: record.createdAt,
  };
}

export function compareDocuments(a: DocumentRecord, b: DocumentRecord): number {
  return compareCodePoints(a.createdAt, b.createdAt) || compareCodePoints(a.docId, b.docId);
}

/** Turns a scope into filters; empty lists mean "all". */
export function scopeFilter(scope: LexicalScope | undefined): (docId: DocId, level: number) => boolean {
  const docs = scope?.docIds !== undefined && scope.docIds.length > 0 ? new Set<string>(scope.docIds) : undefined;
  const levels = scope?.levels !== undefined && scope.levels.length > 0 ? new Set(scope.levels) : undefined;
  return (docId, level) => (docs === undefined || docs.has(docId)) && (levels === undefined || levels.has(level));
}

export function sortedEdges(prepared: PreparedDocument): GraphEdge[] {
  const position = new Map<NodeId, number>(prepared.nodes.map((p, i) => [p.node.nodeId, i]));
  const at = (nodeId: NodeId): number => position.get(nodeId) ?? 0;
  return [...prepared.edges].sort((a, b) => at(a.parent) - at(b.parent) || at(a.child) - at(b.child));
}
