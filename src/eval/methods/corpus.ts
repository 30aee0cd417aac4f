/**
 * A set's documents as every method sees them: the same leaves (`buildLeaves`, 300 tokens by
 * default, the engine's own chunker) and the same token accounting (o200k), built once and
 * shared, plus a memo for anything else two methods share (the Pecan engine).
 */
import { PecanError, type DocId, type GraphNode } from "../../index.js";
import { buildLeaves, type ChunkOptions } from "../../internal.js";
import { splitSentences } from "../../internal.js";
import { countTokens } from "../../internal.js";
import type { EvalDocument } from "../dataset.js";
import type { ReadingStep } from "./method.js";

/** A sentence of a leaf, as the walk reads it: its own range and tokens. */
export interface LeafSentence extends ReadingStep {
  readonly text: string;
  /** Ordinal of its leaf in the document. */
  readonly leaf: number;
}

export interface Corpus {
  readonly documents: readonly EvalDocument[];
  document(docId: DocId): EvalDocument;
  /** The document's leaves, in order. */
  leaves(docId: DocId): readonly GraphNode[];
  /** The sentences of the document's leaves, split as the engine's reading units split them. */
  sentences(docId: DocId): readonly LeafSentence[];
  /** Tokens of the whole document: the sum of its leaves' tokens. */
  tokens(docId: DocId): number;
  /** A value shared by the methods of one run, made on first use. */
  memo<T>(key: string, make: () => T): T;
  /** Registers a clean-up to run on {@link Corpus.dispose}. */
  onDispose(fn: () => void): void;
  /** Runs the clean-ups (once). */
  dispose(): void;
}

/**
 * @example const corpus = createCorpus(set.documents); corpus.leaves(set.documents[0].docId)
 */
export function createCorpus(documents: readonly EvalDocument[], chunk: Partial<ChunkOptions> = {}): Corpus {
  const byId = new Map(documents.map((d) => [d.docId, d]));
  const leaves = new Map<DocId, GraphNode[]>();
  const sentences = new Map<DocId, LeafSentence[]>();
  const memos = new Map<string, unknown>();
  const disposers: (() => void)[] = [];
  const document = (docId: DocId): EvalDocument => {
    const doc = byId.get(docId);
    if (!doc) throw new PecanError("E_INTERNAL", `document ${docId} is not in the corpus`);
    return doc;
  };
  const leavesOf = (docId: DocId): GraphNode[] => {
    let list = leaves.get(docId);
    if (!list) {
      const doc = document(docId);
      list = buildLeaves({ docId, text: doc.text, ...(doc.pageStarts ? { pageStarts: doc.pageStarts } : {}) }, chunk);
      leaves.set(docId, list);
    }
    return list;
  };
  return {
    documents,
    document,
    leaves: leavesOf,
    sentences(docId) {
      let list = sentences.get(docId);
      if (!list) {
        list = [];
        for (const leaf of leavesOf(docId)) {
          const base = leaf.spans[0]?.start ?? 0;
          for (const s of splitSentences(leaf.text)) {
            const text = leaf.text.slice(s.start, s.end);
            list.push({ docId, text, leaf: leaf.ordinal, spans: [{ start: base + s.start, end: base + s.end }], tokens: Math.max(1, countTokens(text)) });
          }
        }
        sentences.set(docId, list);
      }
      return list;
    },
    tokens(docId) {
      return leavesOf(docId).reduce((sum, leaf) => sum + leaf.tokens, 0);
    },
    memo<T>(key: string, make: () => T): T {
      if (!memos.has(key)) memos.set(key, make());
      return memos.get(key) as T;
    },
    onDispose(fn) {
      disposers.push(fn);
    },
    dispose() {
      for (const fn of disposers.splice(0)) fn();
    },
  };
}
