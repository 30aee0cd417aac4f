/**
 * The in-memory store: the same contract as the SQLite store, in maps. A put validates and
 * copies everything first, then commits, so a failed put changes nothing; reads return copies,
 * so no caller can change what is stored. For tests, benchmarks and one-shot runs.
 */
import { PecanError, StoreError } from "../../core/errors.js";
import type { DocId, NodeId } from "../../core/ids.js";
import type { DocumentGraph, DocumentRecord, DocumentSummary, GraphEdge, GraphNode } from "../../core/types.js";
import { compareCodePoints, prepareDocument, type LevelStat, type PreparedDocument } from "../prepare.js";
import {
  STORE_SPEC_VERSION,
  type LexicalScope,
  type LexicalStats,
  type Posting,
  type Store,
} from "../spec.js";

interface StoredDocument {
  readonly record: DocumentRecord;
  /** Ordered by level then ordinal. */
  readonly nodes: readonly GraphNode[];
  /** Ordered by parent then child position. */
  readonly edges: readonly GraphEdge[];
  readonly levels: readonly LevelStat[];
  /** Terms of each node, to remove its postings. */
  readonly terms: ReadonlyMap<NodeId, readonly string[]>;
}

interface StoredPosting extends Posting {
  /** Insertion order of the node, the order postings are returned in. */
  readonly seq: number;
}

function summaryOf(stored: StoredDocument): DocumentSummary {
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

function compareDocuments(a: DocumentRecord, b: DocumentRecord): number {
  return compareCodePoints(a.createdAt, b.createdAt) || compareCodePoints(a.docId, b.docId);
}

/** Turns a scope into filters; empty lists mean "all". */
function scopeFilter(scope: LexicalScope | undefined): (docId: DocId, level: number) => boolean {
  const docs = scope?.docIds !== undefined && scope.docIds.length > 0 ? new Set<string>(scope.docIds) : undefined;
  const levels = scope?.levels !== undefined && scope.levels.length > 0 ? new Set(scope.levels) : undefined;
  return (docId, level) => (docs === undefined || docs.has(docId)) && (levels === undefined || levels.has(level));
}

function sortedEdges(prepared: PreparedDocument): GraphEdge[] {
  const position = new Map<NodeId, number>(prepared.nodes.map((p, i) => [p.node.nodeId, i]));
  const at = (nodeId: NodeId): number => position.get(nodeId) ?? 0;
  return [...prepared.edges].sort((a, b) => at(a.parent) - at(b.parent) || at(a.child) - at(b.child));
}

class MemoryStore implements Store {
  readonly specVersion = STORE_SPEC_VERSION;
  readonly kind = "memory";
  private readonly docs = new Map<DocId, StoredDocument>();
  private readonly nodes = new Map<NodeId, GraphNode>();
  private readonly index = new Map<string, Map<NodeId, StoredPosting>>();
  private seq = 0;
  private closed = false;

  private ensureOpen(): void {
    if (this.closed) throw new StoreError("E_STORE", "the store is closed");
  }

  putDocument(doc: DocumentRecord, graph: DocumentGraph): void {
    this.ensureOpen();
    const prepared = prepareDocument(doc, graph);
    const docId = prepared.doc.docId;
    for (const { node } of prepared.nodes) {
      const owner = this.nodes.get(node.nodeId);
      if (owner !== undefined && owner.docId !== docId) {
        throw new PecanError("E_INTERNAL", `node id ${node.nodeId} already belongs to another document`);
      }
    }
    // Everything is checked: from here on nothing can fail.
    this.removeDocument(docId);
    const terms = new Map<NodeId, string[]>();
    for (const { node, terms: tf, length } of prepared.nodes) {
      const seq = this.seq++;
      this.nodes.set(node.nodeId, node);
      terms.set(node.nodeId, [...tf.keys()]);
      for (const [term, count] of tf) {
        let postings = this.index.get(term);
        if (postings === undefined) this.index.set(term, (postings = new Map()));
        postings.set(node.nodeId, { nodeId: node.nodeId, docId, level: node.level, length, tf: count, seq });
      }
    }
    this.docs.set(docId, {
      record: prepared.doc,
      nodes: prepared.nodes.map((p) => p.node),
      edges: sortedEdges(prepared),
      levels: prepared.levels,
      terms,
    });
  }

  removeDocument(docId: DocId): boolean {
    this.ensureOpen();
    const stored = this.docs.get(docId);
    if (stored === undefined) return false;
    for (const [nodeId, nodeTerms] of stored.terms) {
      this.nodes.delete(nodeId);
      for (const term of nodeTerms) {
        const postings = this.index.get(term);
        postings?.delete(nodeId);
        if (postings?.size === 0) this.index.delete(term);
      }
    }
    this.docs.delete(docId);
    return true;
  }

  getDocument(docId: DocId): DocumentRecord | undefined {
    this.ensureOpen();
    const stored = this.docs.get(docId);
    return stored === undefined ? undefined : structuredClone(stored.record);
  }

  findByHash(hash: string): DocumentSummary | undefined {
    this.ensureOpen();
    let best: StoredDocument | undefined;
    for (const stored of this.docs.values()) {
      if (stored.record.hash !== hash) continue;
      if (best === undefined || compareDocuments(stored.record, best.record) < 0) best = stored;
    }
    return best === undefined ? undefined : summaryOf(best);
  }

  listDocuments(): DocumentSummary[] {
    this.ensureOpen();
    return [...this.docs.values()]
      .sort((a, b) => compareDocuments(a.record, b.record))
      .map(summaryOf);
  }

  getNodes(docId: DocId): GraphNode[] {
    this.ensureOpen();
    return structuredClone([...(this.docs.get(docId)?.nodes ?? [])]);
  }

  getNode(nodeId: NodeId): GraphNode | undefined {
    this.ensureOpen();
    const node = this.nodes.get(nodeId);
    return node === undefined ? undefined : structuredClone(node);
  }

  getEdges(docId: DocId): GraphEdge[] {
    this.ensureOpen();
    return (this.docs.get(docId)?.edges ?? []).map((edge) => ({ ...edge }));
  }

  postings(term: string, scope?: LexicalScope): Posting[] {
    this.ensureOpen();
    const inScope = scopeFilter(scope);
    return [...(this.index.get(term)?.values() ?? [])]
      .filter((p) => inScope(p.docId, p.level))
      .sort((a, b) => a.seq - b.seq)
      .map(({ nodeId, docId, level, length, tf }) => ({ nodeId, docId, level, length, tf }));
  }

  lexicalStats(scope?: LexicalScope): LexicalStats {
    this.ensureOpen();
    const inScope = scopeFilter(scope);
    let nodes = 0;
    let totalLength = 0;
    for (const stored of this.docs.values()) {
      for (const level of stored.levels) {
        if (!inScope(stored.record.docId, level.level)) continue;
        nodes += level.nodes;
        totalLength += level.totalLength;
      }
    }
    return { nodes, totalLength };
  }

  integrityCheck(): string[] {
    this.ensureOpen();
    const problems: string[] = [];
    let nodeCount = 0;
    for (const [docId, stored] of this.docs) {
      if (stored.nodes.length === 0) problems.push(`document ${docId} has no nodes`);
      nodeCount += stored.nodes.length;
      const own = new Set(stored.nodes.map((node) => node.nodeId));
      for (const node of stored.nodes) {
        if (this.nodes.get(node.nodeId) !== node) problems.push(`node ${node.nodeId} is not indexed`);
      }
      for (const edge of stored.edges) {
        if (!own.has(edge.parent) || !own.has(edge.child)) {
          problems.push(`edge ${edge.parent} -> ${edge.child} leaves document ${docId}`);
        }
      }
    }
    if (nodeCount !== this.nodes.size) problems.push(`${this.nodes.size - nodeCount} nodes belong to no document`);
    for (const [term, postings] of this.index) {
      for (const posting of postings.values()) {
        if (this.nodes.get(posting.nodeId)?.docId !== posting.docId) {
          problems.push(`posting of ${term} points to missing node ${posting.nodeId}`);
        }
      }
    }
    return problems;
  }

  close(): void {
    this.closed = true;
  }
}

/**
 * A new, empty in-memory store.
 * @example
 * const store = createMemoryStore();
 * store.putDocument(doc, graph);
 * store.postings("contract"); // [{ nodeId, docId, level, length, tf }, ...]
 */
export function createMemoryStore(): Store {
  return new MemoryStore();
}
