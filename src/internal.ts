/**
 * The declared internal entry point: the parts below the public API (src/index.ts) that the
 * evaluation harness needs to build its baselines (BM25 over chunks and sentences, a
 * RAPTOR-style tree, hybrid relevance) from the same pieces the engine uses. Not part of the
 * package's exports: names here may change between versions. Lint keeps src/eval to this file
 * and src/index.ts.
 */
export { maxOf, minOf, pushAll } from "./core/arrays.js";
export { stem, termFrequencies } from "./core/analyze.js";
export { normalizeText } from "./ingest/normalize.js";
export { splitSentences } from "./ingest/sentences.js";
export { buildLeaves } from "./ingest/chunk.js";
export type { ChunkOptions } from "./ingest/chunk.js";
export { countTokens } from "./ingest/tokens.js";
export { addToStats, bm25, bm25Term, DEFAULT_BM25, emptyStats, idf, mergeStats, weightQuery } from "./retrieval/bm25.js";
export type { Bm25Params, CountingStats, TermStats, WeightedQuery } from "./retrieval/bm25.js";
export { wordsOf } from "./retrieval/word-vectors.js";
export type { WordVectors } from "./retrieval/word-vectors.js";
export { cosine as sparseCosine } from "./graph/sparse-vector.js";
export type { SparseVector } from "./graph/sparse-vector.js";
export { DocumentTerms } from "./graph/document-terms.js";
export { LexRankSummarizer } from "./graph/lexrank.js";
export type { Summarizer, WindowNode } from "./graph/summarizer.js";
export { extractAnswer } from "./answer/extract.js";
export { createExtractiveReader } from "./answer/extractive-reader.js";
export type { Reader } from "./answer/reader.js";
export type { SupportFeatures } from "./answer/abstain.js";
export { buildDocUnits } from "./retrieval/units.js";
export type { DocUnits } from "./retrieval/units.js";
export { DEFAULT_PPR, personalisedPageRank } from "./retrieval/ppr.js";
export type { PprOptions } from "./retrieval/ppr.js";
export { DEFAULT_COARSE } from "./retrieval/coarse.js";
