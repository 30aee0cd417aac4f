/**
 * Ingest as the engine runs it: load → leaves → graph → an atomic store write per document, or
 * per run of consecutive documents (`ingestInThread`, `commitRun`).
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
  /** Once aborted, no further document is started; those built are committed. */
  readonly stop?: AbortSignal;
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

let lastStamp = 0;

/**
 * The ingest time of a commit: now, but a millisecond after the previous one of this process
 * when that is not earlier, so a run's documents (or quick commits) list in the order given
 * rather than, on a tie, by id.
 */
function commitStamp(): string {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return new Date(lastStamp).toISOString();
}

/** Writes a built document in one transaction; any failure is a PecanError (E_STORE when unexpected). */
export function commitDocument(store: Store, built: BuiltDocument, at?: number): Promise<void> {
  return commitDocuments(store, [built], at);
}

/**
 * Writes built documents in order (`Store.putDocuments`: one transaction in SQLite), stamped at
 * commit, or at `at`, `at + 1`, ... ms when the caller orders commits across threads; any failure
 * is a PecanError (E_STORE when unexpected).
 */
export async function commitDocuments(store: Store, built: readonly BuiltDocument[], at?: number): Promise<void> {
  if (built.length === 0) return;
  const items = built.map((b, i) => ({
    doc: { ...b.record, createdAt: at === undefined ? commitStamp() : new Date(at + i).toISOString() },
    graph: b.graph,
    extras: { questionData: b.questionData, termFrequencies: b.termFrequencies },
  }));
  try {
    await store.putDocuments(items);
  } catch (error) {
    if (error instanceof PecanError) throw error;
    throw new PecanError("E_STORE", `could not store ${built.map((b) => b.record.docId).join(", ")}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Commits a run: in one `putDocuments`, or, when that fails, one by one, so the documents before
 * the failing one are stored as in an ingest that commits each. Gives how many were stored and
 * the failure, if any.
 */
export async function commitRun(store: Store, built: readonly BuiltDocument[], at?: number): Promise<{ stored: number; error?: unknown }> {
  try {
    await commitDocuments(store, built, at);
    return { stored: built.length };
  } catch {
    // One by one below: the failing document's own error is the one to report.
  }
  for (const [i, one] of built.entries()) {
    try {
      await commitDocument(store, one, at === undefined ? undefined : at + i);
    } catch (error) {
      return { stored: i, error };
    }
  }
  return { stored: built.length };
}

/** How much of a multi-document ingest this thread builds before committing it in one run. */
export interface RunLimits {
  readonly documents: number;
  readonly chars: number;
}

/**
 * Ingests loaded documents in this thread, in order; adds their LLM usage to `usage`. Consecutive
 * documents are built and then committed together (`commitRun`, within `limits`); a failure
 * commits those built before it, then stops the ingest; so does `options.stop`, without a failure.
 */
export async function ingestInThread(
  parts: IngestParts,
  docs: Iterable<LoadedDocument> | AsyncIterable<LoadedDocument>,
  usage: LlmUsage,
  limits: RunLimits,
  options: IngestOneOptions = {},
): Promise<{ documents: IngestedDocument[]; stopped: boolean }> {
  const out: IngestedDocument[] = [];
  let stopped = false;
  let run: { doc: LoadedDocument; built: BuiltDocument; started: number }[] = [];
  let chars = 0;
  const commit = async (): Promise<void> => {
    const pending = run;
    run = [];
    chars = 0;
    if (pending.length === 0) return;
    const { stored, error } = await commitRun(parts.store, pending.map((r) => r.built));
    for (const { doc, built, started } of pending.slice(0, stored)) {
      addUsage(usage, built.usage);
      options.onProgress?.({ docId: doc.docId, phase: "done", tokens: built.leafTokens });
      out.push({ docId: doc.docId, title: doc.title, tokens: built.record.tokens, nodes: built.graph.nodes.length, edges: built.graph.edges.length, ms: performance.now() - started });
    }
    if (error !== undefined) throw error;
  };
  try {
    for await (const doc of docs) {
      if (options.stop?.aborted) {
        stopped = true;
        break;
      }
      const started = performance.now();
      checkDocId(doc.docId);
      // A document seen again in this run is compared with the store once the run is committed.
      if (run.some((r) => r.doc.docId === doc.docId)) await commit();
      const twin = options.force ? undefined : await unchangedTwin(parts.store, doc.docId, contentHash(doc.text));
      if (twin) {
        await commit(); // reported in order
        out.push({ ...twin, ms: performance.now() - started });
        continue;
      }
      if (run.length >= limits.documents || (run.length > 0 && chars + doc.text.length > limits.chars)) await commit();
      const built = await buildDocument(parts, doc, {
        ...definedFields({ signal: options.signal }),
        onLeaves: (tokens) => options.onProgress?.({ docId: doc.docId, phase: "leaves", tokens }),
      });
      options.onProgress?.({ docId: doc.docId, phase: "graph", tokens: built.leafTokens });
      run.push({ doc, built, started });
      chars += doc.text.length;
    }
  } catch (error) {
    // What was built before the failure is stored, as when each document committed alone.
    await commit();
    throw error;
  }
  await commit();
  return { documents: out, stopped };
}
