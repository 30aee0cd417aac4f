/**
 * Ingest as the engine runs it: load → leaves → graph → one atomic store write per document.
 * Identical content (same SHA-256 of the normalised text) is a no-op unless `force`.
 */
import { createHash } from "node:crypto";
import { addUsage, emptyUsage, type DocumentRecord, type LlmUsage, type LoadedDocument } from "./core/types.js";
import { PecanError } from "./core/errors.js";
import type { DocId } from "./core/ids.js";
import type { Store } from "./store/spec.js";
import { buildLeaves, type ChunkOptions } from "./ingest/chunk.js";
import { countTokens } from "./ingest/tokens.js";
import { buildGraph, type LevelOptions } from "./graph/levels.js";
import { questionDataOf } from "./retrieval/units-codec.js";
import type { Summarizer } from "./graph/summarizer.js";
import type { EdgeWeigher } from "./graph/edge-weigher.js";

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

/** Ingests one loaded document; adds its LLM usage to `usage`. */
export async function ingestOne(
  parts: IngestParts,
  doc: LoadedDocument,
  usage: LlmUsage,
  options: IngestOneOptions = {},
): Promise<IngestedDocument> {
  const started = performance.now();
  const hash = contentHash(doc.text);
  const existing = await parts.store.findByHash(hash);
  if (existing && !options.force && existing.docId === doc.docId) {
    return {
      docId: doc.docId,
      title: existing.title,
      tokens: existing.tokens,
      nodes: existing.nodes,
      edges: 0,
      skipped: "unchanged",
      ms: performance.now() - started,
    };
  }
  options.signal?.throwIfAborted();
  const leaves = buildLeaves(doc, parts.chunk);
  const tokens = leaves.reduce((n, leaf) => n + leaf.tokens, 0);
  options.onProgress?.({ docId: doc.docId, phase: "leaves", tokens });
  const callUsage = emptyUsage();
  const built = await buildGraph(
    doc,
    leaves,
    { summarizer: parts.summarizer, weigher: parts.weigher, countTokens, signal: options.signal },
    parts.levels,
  );
  addUsage(callUsage, built.usage);
  options.onProgress?.({ docId: doc.docId, phase: "graph", tokens });
  options.signal?.throwIfAborted();
  const record: DocumentRecord = {
    ...doc,
    hash,
    tokens: countTokens(doc.text),
    chars: doc.text.length,
    createdAt: new Date().toISOString(),
  };
  try {
    await parts.store.putDocument(record, built.graph, { questionData: questionDataOf(record, built.graph) });
  } catch (error) {
    if (error instanceof PecanError) throw error;
    throw new PecanError("E_STORE", `could not store ${doc.docId}: ${(error as Error).message}`, { cause: error });
  }
  addUsage(usage, callUsage);
  options.onProgress?.({ docId: doc.docId, phase: "done", tokens });
  return {
    docId: doc.docId,
    title: doc.title,
    tokens: record.tokens,
    nodes: built.graph.nodes.length,
    edges: built.graph.edges.length,
    ms: performance.now() - started,
  };
}
