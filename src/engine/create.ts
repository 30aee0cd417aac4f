/**
 * createEngine: the one place that wires concrete parts together (store, loaders, summarizer,
 * edge weigher, relevance, judge, reader). Every other layer sees interfaces only.
 *
 * @example
 * const engine = createEngine({ dbPath: "pecan.db" });
 * await engine.ingestPaths(["contract.pdf"]);
 * const answer = await engine.ask("When does the agreement expire?");
 * engine.close();
 */
import { emptyUsage, type DocumentGraph, type DocumentRecord, type DocumentSummary, type LlmUsage, type LoadedDocument } from "../core/types.js";
import { NotFoundError, PecanError } from "../core/errors.js";
import { asDocId, type DocId } from "../core/ids.js";
import type { Store } from "../store/spec.js";
import type { ChatModel, Embedder } from "../llm/spec.js";
import type { WordVectors } from "../retrieval/word-vectors.js";
import { meterChatModel, meterEmbedder, type MeterLimits } from "../llm/meter.js";
import { createVectorCache } from "../retrieval/vector-similarity.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryStore } from "../store/memory/index.js";
import { isPostgresUrl, openPostgresStore } from "../store/postgres/index.js";
import { loadBuffer, loadJsonl, loadPaths, type LoadOptions } from "../ingest/index.js";
import type { ChunkOptions } from "../ingest/chunk.js";
import type { LevelOptions } from "../graph/levels.js";
import {
  createSummarizer,
  createWeigher,
  type SummarizerName,
  type WeigherName,
} from "../graph/index.js";
import { estimateIngest, type IngestEstimate } from "./estimate.js";
import { ingestInThread, type IngestedDocument, type IngestProgress } from "./ingest.js";
import { createIngestPool, DEFAULT_POOL, type IngestPool, type PoolTask } from "./pool.js";
import { ingestPooled, poolWindow } from "./pool-run.js";
import { askEvents, cancellable, createUnitsCache, type AskEvent, type AskOptions, type AskResult, type QuestionSignals } from "./ask.js";
import { createCalibratedJudge } from "../control/calibrated-judge.js";
import { createLlmJudge } from "../control/llm-judge.js";
import { createExtractiveReader } from "../answer/extractive-reader.js";
import { createLlmReader } from "../answer/llm-reader.js";
import { definedFields } from "../core/objects.js";

export type { IngestedDocument, IngestProgress } from "./ingest.js";
export type { BuildEstimate } from "../graph/index.js";
export type { IngestEstimate } from "./estimate.js";
export type { AskEvent, AskOptions, AskResult, ContextItem } from "./ask.js";
export type { SubAnswer, SubQuestionReport } from "./subquestions.js";

export interface EngineOptions {
  /** A store to use; otherwise SQLite at `dbPath`, PostgreSQL when it is a `postgres://` URL, or memory when it is ":memory:". */
  readonly store?: Store;
  readonly dbPath?: string;
  /** Told before the store at `dbPath` is migrated from an older schema version (once; it can take a while). */
  readonly onStoreMigrate?: (from: number, to: number) => void;
  /** A chat model switches the summarizer, weigher, judge and reader to the LLM tier. */
  readonly chat?: ChatModel;
  readonly embedder?: Embedder;
  /** Word vectors (see `pecan vectors build`) fused into relevance. */
  readonly vectors?: WordVectors;
  /** Documents whose reading units stay decoded in this process (default `DEFAULT_UNITS_CACHE_SIZE`, 32). */
  readonly unitsCacheSize?: number;
  /** Token caps on LLM calls: per call, and per question (all calls of one `ask`). */
  readonly limits?: MeterLimits;
  /** The LLM judge's schedule and threshold (control/llm-judge.ts `DEFAULT_LLM_JUDGE`). */
  readonly llmJudge?: { readonly first?: number; readonly growth?: number; readonly threshold?: number };
  readonly summarizer?: SummarizerName;
  readonly weigher?: WeigherName;
  readonly load?: Partial<LoadOptions>;
  readonly chunk?: Partial<ChunkOptions>;
  readonly levels?: Partial<LevelOptions>;
  /**
   * Worker threads for ingest (`engine/pool.ts`): loading, leaves, graph and the store write run
   * off the main thread, several documents at once. 0 (the default) ingests in this thread.
   * Applies to the model-free tier on a SQLite file or PostgreSQL; otherwise ingest stays here.
   * The CLI and the server use one worker per core.
   */
  readonly ingestWorkers?: number;
}

export interface IngestOptions {
  readonly force?: boolean;
  /** Aborting it cancels the ingest at once: documents not yet committed are not stored. */
  readonly signal?: AbortSignal;
  /**
   * Aborting it stops the ingest gently: no further document is started, those already loaded or
   * building are committed, and the report says `stopped` (Ctrl-C in `pecan ingest`).
   */
  readonly stop?: AbortSignal;
  readonly onProgress?: (event: IngestProgress) => void;
  /** Called for each path a directory walk skipped, with the reason. */
  readonly onSkip?: (path: string, reason: string) => void;
}

export interface IngestReport {
  readonly documents: IngestedDocument[];
  /** The ingest was stopped (`IngestOptions.stop`) before every document was started. */
  readonly stopped?: boolean;
  readonly skippedPaths: { readonly path: string; readonly reason: string }[];
  readonly cost: LlmUsage & { ms: number };
}

export interface InspectResult {
  readonly document: DocumentRecord;
  readonly graph: DocumentGraph;
}

export interface Engine {
  readonly store: Store;
  /** Ingests files and directories (txt, md, html, pdf). */
  ingestPaths(paths: readonly string[], options?: IngestOptions): Promise<IngestReport>;
  /** Ingests a JSONL file of `{doc_id, title, text}` rows. */
  ingestJsonl(file: string, options?: IngestOptions): Promise<IngestReport>;
  /** Ingests documents already loaded (or built by the caller). */
  ingestDocuments(docs: Iterable<LoadedDocument> | AsyncIterable<LoadedDocument>, options?: IngestOptions): Promise<IngestReport>;
  /** Ingests one uploaded file's bytes; the loader is picked by the name's extension. */
  ingestBuffer(name: string, bytes: Uint8Array, options?: IngestOptions & { docId?: string; title?: string }): Promise<IngestReport>;
  /** Calls and tokens an ingest with the LLM summarizer would take (nothing is stored or sent). */
  estimateIngest(source: { readonly paths?: readonly string[]; readonly jsonl?: string }): Promise<IngestEstimate>;
  /** The stored documents (or those of `docIds` that are stored), in ingest order. */
  list(docIds?: readonly (DocId | string)[]): Promise<DocumentSummary[]>;
  /** How many documents are stored. */
  count(): Promise<number>;
  /** Removes a document; E_NOT_FOUND when it is not there. */
  remove(docId: DocId | string): Promise<void>;
  /** A document with its whole graph; E_NOT_FOUND when it is not there. */
  inspect(docId: DocId | string): Promise<InspectResult>;
  /** Answers a question with citations, over `docIds` or the whole collection. */
  ask(question: string, options?: AskOptions): Promise<AskResult>;
  /** The same, as events: `walk-step` per step, `answer-delta` as the answer is written, then `done`. */
  askStream(question: string, options?: AskOptions): AsyncIterable<AskEvent>;
  close(): Promise<void>;
}

function openStore(options: EngineOptions): Store {
  if (options.store) return options.store;
  const path = options.dbPath ?? "pecan.db";
  const onMigrate = options.onStoreMigrate;
  if (isPostgresUrl(path)) return openPostgresStore(path, onMigrate ? { onMigrate } : {});
  return path === ":memory:" ? createMemoryStore() : openSqliteStore(path, onMigrate ? { onMigrate } : {});
}

export function createEngine(options: EngineOptions = {}): Engine {
  const store = openStore(options);
  const summarizerName: SummarizerName = options.summarizer ?? (options.chat ? "llm" : "lexrank");
  const weigherName: WeigherName = options.weigher ?? (options.chat ? "attribution" : "alignment");
  const parts = {
    store,
    summarizer: createSummarizer(
      summarizerName,
      options.chat ? { model: meterChatModel(options.chat, { ...(options.limits?.maxTokensPerCall ? { maxTokensPerCall: options.limits.maxTokensPerCall } : {}) }, emptyUsage()) } : {},
    ),
    weigher: createWeigher(weigherName, {}),
    chunk: options.chunk ?? {},
    levels: options.levels ?? {},
  };

  const units = createUnitsCache(store, options.unitsCacheSize);
  const poolPath = options.store === undefined && options.dbPath !== undefined && options.dbPath !== ":memory:" ? options.dbPath : undefined;
  const pooled = (options.ingestWorkers ?? 0) > 0 && poolPath !== undefined && summarizerName === "lexrank" && weigherName === "alignment";
  let pool: IngestPool | undefined;
  const ingestPool = (): IngestPool =>
    (pool ??= createIngestPool(
      { dbPath: poolPath!, chunk: parts.chunk, levels: parts.levels, load: options.load ?? {} },
      { workers: options.ingestWorkers },
    ));

  async function* asTasks(docs: Iterable<LoadedDocument> | AsyncIterable<LoadedDocument>): AsyncIterable<PoolTask> {
    for await (const doc of docs) yield { kind: "document", doc };
  }
  const chat = options.chat;
  const limits = options.limits ?? {};
  const signals = (usage: LlmUsage): QuestionSignals => {
    if (!chat) return { judge: createCalibratedJudge(), reader: createExtractiveReader() };
    const metered = meterChatModel(chat, limits, usage);
    return { judge: createLlmJudge(metered, options.llmJudge ?? {}), reader: createLlmReader(metered), chat: metered };
  };
  const askParts = {
    store,
    units,
    signals,
    ...definedFields({ vectors: options.vectors, embedder: options.embedder }),
    meterEmbedder,
    // Embedding the documents' units is an index cost shared by every later question: counted
    // into the engine's own usage, not billed to whichever question needed it first.
    vectorCache: createVectorCache(options.embedder ? meterEmbedder(options.embedder, emptyUsage()) : undefined),
  };

  async function ingestDocuments(
    docs: Iterable<LoadedDocument> | AsyncIterable<LoadedDocument>,
    ingestOptions: IngestOptions = {},
    skippedPaths: { path: string; reason: string }[] = [],
  ): Promise<IngestReport> {
    const started = performance.now();
    const usage = emptyUsage();
    if (pooled) {
      const { documents, stopped } = await ingestPooled(ingestPool(), store, poolWindow(options.ingestWorkers ?? 1), asTasks(docs), ingestOptions);
      return { documents, ...(stopped ? { stopped } : {}), skippedPaths, cost: { ...usage, ms: performance.now() - started } };
    }
    const { documents, stopped } = await ingestInThread(parts, docs, usage, { documents: DEFAULT_POOL.runDocuments, chars: DEFAULT_POOL.runChars }, ingestOptions);
    return { documents, ...(stopped ? { stopped } : {}), skippedPaths, cost: { ...usage, ms: performance.now() - started } };
  }

  return {
    store,
    async ingestPaths(paths, ingestOptions = {}) {
      const skipped: { path: string; reason: string }[] = [];
      async function* documents(): AsyncIterable<LoadedDocument> {
        for await (const event of loadPaths([...paths], options.load ?? {})) {
          if (event.kind === "document") yield event.doc;
          else {
            skipped.push({ path: event.path, reason: event.reason });
            ingestOptions.onSkip?.(event.path, event.reason);
          }
        }
      }
      return ingestDocuments(documents(), ingestOptions, skipped);
    },
    ingestJsonl(file, ingestOptions) {
      return ingestDocuments(loadJsonl(file, options.load ?? {}), ingestOptions);
    },
    ingestDocuments(docs, ingestOptions) {
      return ingestDocuments(docs, ingestOptions);
    },
    async ingestBuffer(name, bytes, ingestOptions = {}) {
      if (pooled) {
        const started = performance.now();
        const task: PoolTask = {
          kind: "buffer",
          name,
          bytes,
          ...definedFields({ docId: ingestOptions.docId, title: ingestOptions.title }),
        };
        const { documents } = await ingestPooled(ingestPool(), store, poolWindow(1), (async function* () { yield task; })(), ingestOptions);
        return { documents, skippedPaths: [], cost: { ...emptyUsage(), ms: performance.now() - started } };
      }
      const loaded = await loadBuffer(name, bytes, options.load ?? {});
      const doc: LoadedDocument = {
        ...loaded,
        ...definedFields({ docId: ingestOptions.docId === undefined ? undefined : asDocId(ingestOptions.docId), title: ingestOptions.title }),
      };
      return ingestDocuments([doc], ingestOptions);
    },
    estimateIngest(source) {
      const docs = source.jsonl ? loadJsonl(source.jsonl, options.load ?? {}) : loadPaths([...(source.paths ?? [])], options.load ?? {});
      return estimateIngest(docs, parts.chunk, parts.levels, options.chat ? options.chat.id : "an LLM summarizer");
    },
    list: (docIds) => store.listDocuments(docIds?.map(asDocId)),
    count: () => store.countDocuments(),
    async remove(id) {
      const docId = asDocId(id);
      if (!(await store.removeDocument(docId))) throw new NotFoundError(`no document ${docId} in the store`);
    },
    async inspect(id) {
      const docId = asDocId(id);
      const document = await store.getDocument(docId);
      if (!document) throw new NotFoundError(`no document ${docId} in the store`);
      return { document, graph: { nodes: await store.getNodes(docId), edges: await store.getEdges(docId) } };
    },
    async ask(question, askOptions) {
      const events = cancellable(askEvents(askParts, question, askOptions), askOptions?.signal);
      for (;;) {
        const next = await events.next();
        if (next.done) return next.value;
      }
    },
    askStream(question, askOptions) {
      return cancellable(askEvents(askParts, question, askOptions), askOptions?.signal);
    },
    async close() {
      // The workers' store connections close first, so the SQLite store's own, closed last,
      // folds the write-ahead log into the file.
      if (pool) await pool.close();
      await store.close();
    },
  };
}

export { PecanError };
