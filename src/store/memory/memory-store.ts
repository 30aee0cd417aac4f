/**
 * The in-memory store: the same contract as the SQLite store, in maps. A put validates and
 * copies everything first, then commits, so a failed put changes nothing; reads return copies,
 * so no caller can change what is stored. For tests, benchmarks and one-shot runs.
 */
import { analyze } from "../../core/analyze.js";
import { PecanError, StoreError } from "../../core/errors.js";
import type { DocId, NodeId } from "../../core/ids.js";
import type { DocumentGraph, DocumentRecord, DocumentSummary, GraphEdge, GraphNode } from "../../core/types.js";
import { prepareDocument } from "../prepare.js";
import { nodeListOf } from "../../core/node-list.js";
import { coarseRows } from "../coarse-scores.js";
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

import { compareDocuments, scopeFilter, sortedEdges, summaryOf, type StoredDocument, type StoredPosting } from "./memory-rows.js";

class MemoryStore implements Store {
  readonly specVersion = STORE_SPEC_VERSION;
  readonly kind = "memory";
  private readonly docs = new Map<DocId, StoredDocument>();
  private readonly nodes = new Map<NodeId, GraphNode>();
  private readonly index = new Map<string, Map<NodeId, StoredPosting>>();
  private readonly titles = new Map<string, Set<DocId>>();
  private seq = 0;
  private counter = 0;
  private closed = false;

  private ensureOpen(): void {
    if (this.closed) throw new StoreError("E_STORE", "the store is closed");
  }

  putDocument(doc: DocumentRecord, graph: DocumentGraph, extras: PutExtras = {}): Promise<void> {
    return this.run(() => this.put(doc, graph, extras));
  }

  putDocuments(items: readonly PutItem[]): Promise<void> {
    return this.run(() => {
      for (const { doc, graph, extras = {} } of items) this.put(doc, graph, extras);
    });
  }

  /** Runs a synchronous body as a promise, so a throw is a rejection. */
  private run<T>(body: () => T): Promise<T> {
    try {
      this.ensureOpen();
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private put(doc: DocumentRecord, graph: DocumentGraph, extras: PutExtras): void {
    const prepared = prepareDocument(doc, graph);
    const docId = prepared.doc.docId;
    for (const { node } of prepared.nodes) {
      const owner = this.nodes.get(node.nodeId);
      if (owner !== undefined && owner.docId !== docId) {
        throw new PecanError("E_INTERNAL", `node id ${node.nodeId} already belongs to another document`);
      }
    }
    // Everything is checked: from here on nothing can fail.
    this.remove(docId);
    const titleTerms = [...new Set(analyze(prepared.doc.title))];
    for (const term of titleTerms) {
      let docs = this.titles.get(term);
      if (docs === undefined) this.titles.set(term, (docs = new Set()));
      docs.add(docId);
    }
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
      titleTerms,
      rev: ++this.counter,
      ...(extras.questionData !== undefined ? { questionData: Uint8Array.from(extras.questionData) } : {}),
    });
  }

  removeDocument(docId: DocId): Promise<boolean> {
    return this.run(() => this.remove(docId));
  }

  private remove(docId: DocId): boolean {
    const stored = this.docs.get(docId);
    if (stored === undefined) return false;
    this.counter++;
    for (const term of stored.titleTerms) {
      const docs = this.titles.get(term);
      docs?.delete(docId);
      if (docs?.size === 0) this.titles.delete(term);
    }
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

  getDocument(docId: DocId): Promise<DocumentRecord | undefined> {
    return this.run(() => {
      const stored = this.docs.get(docId);
      return stored === undefined ? undefined : structuredClone(stored.record);
    });
  }

  findByHash(hash: string): Promise<DocumentSummary | undefined> {
    return this.run(() => {
      let best: StoredDocument | undefined;
      for (const stored of this.docs.values()) {
        if (stored.record.hash !== hash) continue;
        if (best === undefined || compareDocuments(stored.record, best.record) < 0) best = stored;
      }
      return best === undefined ? undefined : summaryOf(best);
    });
  }

  listDocuments(docIds?: readonly DocId[]): Promise<DocumentSummary[]> {
    return this.run(() => {
      const wanted = docIds === undefined ? undefined : new Set(docIds);
      return [...this.docs.values()]
        .filter((d) => wanted === undefined || wanted.has(d.record.docId))
        .sort((a, b) => compareDocuments(a.record, b.record))
        .map(summaryOf);
    });
  }

  countDocuments(): Promise<number> {
    return this.run(() => this.docs.size);
  }

  getNodes(docId: DocId): Promise<GraphNode[]> {
    return this.run(() => {
      return structuredClone([...(this.docs.get(docId)?.nodes ?? [])]);
    });
  }

  getNode(nodeId: NodeId): Promise<GraphNode | undefined> {
    return this.run(() => {
      const node = this.nodes.get(nodeId);
      return node === undefined ? undefined : structuredClone(node);
    });
  }

  getEdges(docId: DocId): Promise<GraphEdge[]> {
    return this.run(() => {
      return (this.docs.get(docId)?.edges ?? []).map((edge) => ({ ...edge }));
    });
  }

  postings(term: string, scope?: LexicalScope): Promise<Posting[]> {
    return this.run(() => {
      const inScope = scopeFilter(scope);
      return [...(this.index.get(term)?.values() ?? [])]
        .filter((p) => inScope(p.docId, p.level))
        .sort((a, b) => a.seq - b.seq)
        .map(({ nodeId, docId, level, length, tf }) => ({ nodeId, docId, level, length, tf }));
    });
  }

  lexicalStats(scope?: LexicalScope): Promise<LexicalStats> {
    return this.run(() => {
      return this.stats(scopeFilter(scope));
    });
  }

  private stats(inScope: (docId: DocId, level: number) => boolean): LexicalStats {
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

  integrityCheck(onStep?: IntegrityStep): Promise<string[]> {
    onStep?.(0, 1, "documents, nodes and postings");
    return this.run(() => {
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
    });
  }

  getQuestionData(docIds: readonly DocId[]): Promise<QuestionDataRow[]> {
    return this.run(() =>
      docIds.flatMap((docId) => {
        const stored = this.docs.get(docId);
        if (stored === undefined) return [];
        const { questionData } = stored;
        return [
          {
            docId,
            title: stored.record.title,
            rev: stored.rev,
            ...(questionData ? { data: Uint8Array.from(questionData) } : {}),
            nodes: nodeListOf(structuredClone([...stored.nodes])),
          },
        ];
      }),
    );
  }

  getRevisions(docIds: readonly DocId[]): Promise<Map<DocId, number>> {
    return this.run(() => {
      const out = new Map<DocId, number>();
      for (const docId of docIds) {
        const stored = this.docs.get(docId);
        if (stored !== undefined) out.set(docId, stored.rev);
      }
      return out;
    });
  }

  saveQuestionData(docId: DocId, rev: number, data: Uint8Array): Promise<boolean> {
    return this.run(() => {
      const stored = this.docs.get(docId);
      if (stored?.rev !== rev) return false;
      stored.questionData = Uint8Array.from(data);
      return true;
    });
  }

  coarseScores(query: CoarseQuery): Promise<CoarseRow[]> {
    return this.run(() => {
      const leaves = scopeFilter({ levels: [0] });
      return coarseRows(query, {
        stats: this.stats(leaves),
        postings: (term) =>
          [...(this.index.get(term)?.values() ?? [])]
            .filter((p) => leaves(p.docId, p.level))
            .sort((a, b) => a.seq - b.seq)
            .map((p) => ({ node: p.nodeId, docId: p.docId, length: p.length, tf: p.tf })),
        titleDocs: (term) => [...(this.titles.get(term) ?? [])],
      });
    });
  }

  changeCounter(): Promise<number> {
    return this.run(() => this.counter);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/**
 * A new, empty in-memory store.
 * @example
 * const store = createMemoryStore();
 * await store.putDocument(doc, graph);
 * await store.postings("contract"); // [{ nodeId, docId, level, length, tf }, ...]
 */
export function createMemoryStore(): Store {
  return new MemoryStore();
}
