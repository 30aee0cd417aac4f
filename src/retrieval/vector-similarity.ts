/**
 * Word-vector similarity of reading units to a question: each text is the IDF-weighted mean of
 * its words' vectors (GloVe, from the optional compact cache), compared by cosine. Unit vectors
 * are computed once per document and cached with it; a question costs one embedding and a dot
 * product per unit.
 */
import { stem } from "../core/analyze.js";
import { idf as idfOf, mergeStats, type TermStats } from "./bm25.js";
import type { DocUnits } from "./units.js";
import { wordsOf, type WordVectors } from "./word-vectors.js";
import type { Embedder } from "../llm/spec.js";
import { pushAll } from "../core/arrays.js";

/** Unit vectors of a document, row-major `units × dims` (a zero row for a unit with no known word). */
export interface DocVectors {
  readonly dims: number;
  readonly rows: Float32Array;
}

function idfFunction(stats: TermStats): (word: string) => number {
  return (word) => idfOf(stats.df.get(stem(word)) ?? 0, stats.count);
}

export function docVectors(doc: DocUnits, vectors: WordVectors): DocVectors {
  const dims = vectors.dims;
  const rows = new Float32Array(doc.units.length * dims);
  const weight = idfFunction(doc.sentenceStats);
  doc.units.forEach((unit, i) => {
    const v = vectors.embedText(wordsOf(unit.text), weight);
    if (v) rows.set(v, i * dims);
  });
  return { dims, rows };
}

/** Cosine similarity of every unit of the view to the question, clamped to [0, 1]. */
export function vectorSimilarity(
  view: readonly DocUnits[],
  docVecs: readonly DocVectors[],
  question: string,
  vectors: WordVectors,
): Float32Array[] {
  const stats = mergeStats(view.map((d) => d.sentenceStats));
  const q = vectors.embedText(wordsOf(question), idfFunction(stats));
  return view.map((d, k) => {
    const out = new Float32Array(d.units.length);
    if (!q) return out;
    const { dims, rows } = docVecs[k]!;
    for (let u = 0; u < d.units.length; u++) {
      let dot = 0;
      const base = u * dims;
      for (let j = 0; j < dims; j++) dot += q[j]! * rows[base + j]!;
      out[u] = Math.max(0, dot);
    }
    return out;
  });
}

const EMBED_BATCH = 64;

/**
 * Unit vectors per reading-units object, owned by one engine (created with it, dropped with it).
 * Embedding a document's units is an index cost that every later question shares, so it is made
 * with the embedder the cache was created with (metered into the engine's own usage), never
 * with the embedder of the question that first needed it: a question pays for its own
 * embedding only.
 */
export interface VectorCache {
  /** A document's word-vector rows, computed once. */
  wordVectors(units: DocUnits, vectors: WordVectors): DocVectors;
  /** A document's embedding rows, computed once (a failed computation is retried next time). */
  embeddings(units: DocUnits, signal?: AbortSignal): Promise<DocVectors>;
}

export function createVectorCache(documentEmbedder?: Embedder): VectorCache {
  const words = new WeakMap<DocUnits, DocVectors>();
  const embedded = new WeakMap<DocUnits, Promise<DocVectors>>();
  return {
    wordVectors(units, vectors) {
      let v = words.get(units);
      if (!v) {
        v = docVectors(units, vectors);
        words.set(units, v);
      }
      return v;
    },
    embeddings(units, signal) {
      if (!documentEmbedder) return Promise.resolve({ dims: 0, rows: new Float32Array(0) });
      let pending = embedded.get(units);
      if (!pending) {
        pending = embedUnits(units, documentEmbedder, signal);
        embedded.set(units, pending);
        pending.catch(() => embedded.delete(units));
      }
      return pending;
    },
  };
}

async function embedUnits(units: DocUnits, embedder: Embedder, signal?: AbortSignal): Promise<DocVectors> {
  const vectors: Float32Array[] = [];
  for (let i = 0; i < units.units.length; i += EMBED_BATCH) {
    const texts = units.units.slice(i, i + EMBED_BATCH).map((u) => u.text);
    const response = await embedder.embed({ texts, ...(signal ? { signal } : {}) });
    pushAll(vectors, response.vectors.map(unit));
  }
  const dims = vectors[0]?.length ?? 0;
  const rows = new Float32Array(units.units.length * dims);
  vectors.forEach((v, i) => rows.set(v.subarray(0, dims), i * dims));
  return { dims, rows };
}

/** A unit-length copy of a vector (zero stays zero). */
function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  const out = new Float32Array(v.length);
  if (norm > 0) for (let i = 0; i < v.length; i++) out[i] = v[i]! / Math.sqrt(norm);
  return out;
}

/**
 * Cosine similarity of every unit to the question under an embedding model: the units' rows
 * come from `cache`, the question is embedded with `embedder` (the question's own, metered).
 */
export async function embedderSimilarity(
  view: readonly DocUnits[],
  question: string,
  embedder: Embedder,
  cache: VectorCache,
  signal?: AbortSignal,
): Promise<Float32Array[]> {
  const docs = await Promise.all(view.map((u) => cache.embeddings(u, signal)));
  const response = await embedder.embed({ texts: [question], ...(signal ? { signal } : {}) });
  const q = unit(response.vectors[0] ?? new Float32Array(0));
  return view.map((d, k) => {
    const { dims, rows } = docs[k]!;
    const out = new Float32Array(d.units.length);
    if (dims !== q.length) return out;
    for (let u = 0; u < d.units.length; u++) {
      let dot = 0;
      for (let j = 0; j < dims; j++) dot += q[j]! * rows[u * dims + j]!;
      out[u] = Math.max(0, dot);
    }
    return out;
  });
}

