/**
 * Ingest as the engine runs it: load → leaves → graph → one atomic store write per document.
 * Identical content (same SHA-256 of the normalised text) is a no-op unless `force`.
 */
import { createHash } from "node:crypto";
import { addUsage, type DocumentGraph, type DocumentRecord, type LlmUsage, type LoadedDocument } from "../core/types.js";
import { InputError, PecanError } from "../core/errors.js";
import { docIdProblem, showId, type DocId } from "../core/ids.js";
import type { Store } from "../store/spec.js";
import { buildLeaves, type ChunkOptions } from "../ingest/chunk.js";
import { tokenMemo } from "../ingest/tokens.js";
import { splitSentences } from "../ingest/sentences.js";
import { seedLeafTerms } from "../ingest/leaf-terms.js";
import { analysisMemo } from "../core/analyze.js";
import { buildGraph, type LevelOptions } from "../graph/levels.js";
import { questionDataOf } from "../retrieval/units-codec.js";
import type { Summarizer } from "../graph/summarizer.js";
import type { EdgeWeigher } from "../graph/edge-weigher.js";
import { definedFields } from "../core/objects.js";

/** What ingest reports for one document. */
export interface IngestedDocument {
  readonly docId: DocId;
  readonly title: string;
  readonly tokens: number;
  readonly nodes: number;
  readonly edges: number;
  /** Why nothing was written, e.g. `unchanged` (same content already stored). */
  readonly skipped?: string;
  readonly ms: number;
}

export interface IngestProgress {
  readonly docId: DocId;
  readonly phase: "leaves" | "graph" | "store" | "done";
  readonly tokens: number;
}

export interface IngestOneOptions {
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: IngestProgress) => void;
}

export interface IngestParts {
  readonly store: Store;
  readonly summarizer: Summarizer;
  readonly weigher: EdgeWeigher;
  readonly chunk: Partial<ChunkOptions>;
  readonly levels: Partial<LevelOptions>;
}

/** SHA-256 of a document's normalised text, hex. */
export function contentHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** What the store is given for one document, built off the store (in a worker thread, or here). */
export interface BuiltDocument {
  readonly record: DocumentRecord;
  readonly graph: DocumentGraph;
  /** Tokens of the leaves, for progress. */
  readonly leafTokens: number;
  /** The question-time data (`retrieval/units-codec.ts`), written with the document. */
  readonly questionData: Uint8Array;
  /** The build's memo of `termFrequencies`, so the store's postings reuse its analyses. */
  readonly termFrequencies: (text: string) => ReadonlyMap<string, number>;
  readonly usage: LlmUsage;
}

/** The parts that build a document: no store needed, so a worker thread can run it. */
export type BuildParts = Pick<IngestParts, "summarizer" | "weigher" | "chunk" | "levels">;

/** Refuses a document whose id breaks the one id rule (`core/ids.ts`). */
export function checkDocId(docId: string): void {
  const problem = docIdProblem(docId);
  if (problem !== undefined) throw new InputError("E_INPUT_MALFORMED", `${showId(docId)} is not a valid document id: ${problem}`);
}

/** The stored twin of a document when re-ingesting it would change nothing (same id, same content). */
export async function unchangedTwin(store: Store, docId: DocId, hash: string): Promise<IngestedDocument | undefined> {
  const existing = await store.findByHash(hash);
  if (!existing || existing.docId !== docId) return undefined;
  return { docId, title: existing.title, tokens: existing.tokens, nodes: existing.nodes, edges: 0, skipped: "unchanged", ms: 0 };
}

/** Leaves, graph and record of one document (PECAN.md §1 steps 2-4). Pure CPU work for the model-free tier. */
export async function buildDocument(
  parts: BuildParts,
  doc: LoadedDocument,
  options: { readonly signal?: AbortSignal; readonly onLeaves?: (tokens: number) => void } = {},
): Promise<BuiltDocument> {
  options.signal?.throwIfAborted();
  const tokensOf = tokenMemo();
  // Each text is analysed once: the graph's vectors, the question-time data and the postings
  // all read this memo (the same sentence, leaf or IP text was analysed up to four times).
  const analysis = analysisMemo();
  const sentences = splitSentences(doc.text);
  const leaves = buildLeaves(doc, parts.chunk, tokensOf, sentences);
  // A leaf's terms are its sentences' terms: its text is not analysed a second time.
  seedLeafTerms(doc.text, leaves, sentences, analysis.terms, analysis.seed);
  const leafTokens = leaves.reduce((n, leaf) => n + leaf.tokens, 0);
  options.onLeaves?.(leafTokens);
  const built = await buildGraph(
    doc,
    leaves,
    { summarizer: parts.summarizer, weigher: parts.weigher, countTokens: tokensOf, analyze: analysis.terms, sentences, signal: options.signal },
    parts.levels,
  );
  options.signal?.throwIfAborted();
  const record: DocumentRecord = {
    ...doc,
    hash: contentHash(doc.text),
    // The leaves' exact counts summed: counting the whole text again was a tenth of a build, and
    // differs only at the leaves' joints (0.12% over the dev collection, at most 0.7% a document).
    tokens: leafTokens,
    chars: doc.text.length,
    createdAt: new Date().toISOString(),
  };
  return {
    record,
    graph: built.graph,
    leafTokens,
    questionData: questionDataOf(record, built.graph, tokensOf, analysis.frequencies),
    termFrequencies: analysis.frequencies,
    usage: built.usage,
  };
}

/** Writes a built document in one transaction; any failure is a PecanError (E_STORE when unexpected). */
export async function commitDocument(store: Store, built: BuiltDocument): Promise<void> {
  // Stamped at commit, so the store's order (ingest time) is the order of the commits.
  const record = { ...built.record, createdAt: new Date().toISOString() };
  try {
    await store.putDocument(record, built.graph, { questionData: built.questionData, termFrequencies: built.termFrequencies });
  } catch (error) {
    if (error instanceof PecanError) throw error;
    throw new PecanError("E_STORE", `could not store ${built.record.docId}: ${(error as Error).message}`, { cause: error });
  }
}

/** Ingests one loaded document in this thread; adds its LLM usage to `usage`. */
export async function ingestOne(
  parts: IngestParts,
  doc: LoadedDocument,
  usage: LlmUsage,
  options: IngestOneOptions = {},
): Promise<IngestedDocument> {
  const started = performance.now();
  checkDocId(doc.docId);
  const twin = options.force ? undefined : await unchangedTwin(parts.store, doc.docId, contentHash(doc.text));
  if (twin) return { ...twin, ms: performance.now() - started };
  const built = await buildDocument(parts, doc, {
    ...definedFields({ signal: options.signal }),
    onLeaves: (tokens) => options.onProgress?.({ docId: doc.docId, phase: "leaves", tokens }),
  });
  options.onProgress?.({ docId: doc.docId, phase: "graph", tokens: built.leafTokens });
  await commitDocument(parts.store, built);
  addUsage(usage, built.usage);
  options.onProgress?.({ docId: doc.docId, phase: "done", tokens: built.leafTokens });
  return {
    docId: doc.docId,
    title: doc.title,
    tokens: built.record.tokens,
    nodes: built.graph.nodes.length,
    edges: built.graph.edges.length,
    ms: performance.now() - started,
  };
}
