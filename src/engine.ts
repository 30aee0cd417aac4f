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
import { emptyUsage, type DocumentGraph, type DocumentRecord, type DocumentSummary, type LlmUsage, type LoadedDocument } from "./core/types.js";
import { NotFoundError, PecanError } from "./core/errors.js";
import { asDocId, type DocId } from "./core/ids.js";
import type { Store } from "./store/spec.js";
import type { ChatModel, Embedder } from "./llm/spec.js";
import type { WordVectors } from "./retrieval/word-vectors.js";
import { meterChatModel, meterEmbedder, type MeterLimits } from "./llm/meter.js";
import { createVectorCache } from "./retrieval/vector-similarity.js";
import { openSqliteStore } from "./store/sqlite/index.js";
import { createMemoryStore } from "./store/memory/index.js";
import { isPostgresUrl, openPostgresStore } from "./store/postgres/index.js";
import { loadBuffer, loadJsonl, loadPaths, type LoadOptions } from "./ingest/index.js";
import type { ChunkOptions } from "./ingest/chunk.js";
import type { LevelOptions } from "./graph/levels.js";
import {
  createSummarizer,
  createWeigher,
  DEFAULT_LLM_SUMMARIZER,
  estimateBuildCost,
  summarizerPromptTokens,
  type BuildEstimate,
  type SummarizerName,
  type WeigherName,
} from "./graph/index.js";
import { buildLeaves } from "./ingest/chunk.js";
import { countTokens } from "./ingest/tokens.js";
import { checkDocId, ingestOne, unchangedTwin, type IngestedDocument, type IngestProgress } from "./engine-ingest.js";
import { createIngestPool, type IngestPool, type PoolTask } from "./ingest-pool.js";
import { askEvents, cancellable, createUnitsCache, type AskEvent, type AskOptions, type AskResult, type QuestionSignals } from "./engine-ask.js";
import { createCalibratedJudge } from "./control/calibrated-judge.js";
import { createLlmJudge } from "./control/llm-judge.js";
import { createExtractiveReader } from "./answer/extractive-reader.js";
import { createLlmReader } from "./answer/llm-reader.js";

export type { IngestedDocument, IngestProgress } from "./engine-ingest.js";
export type { BuildEstimate } from "./graph/index.js";
export type { AskEvent, AskOptions, AskResult, ContextItem } from "./engine-ask.js";

export interface EngineOptions {
  /** A store to use; otherwise SQLite at `dbPath`, PostgreSQL when it is a `postgres://` URL, or memory when it is ":memory:". */
  readonly store?: Store;
  readonly dbPath?: string;
  /** A chat model switches the summarizer, weigher, judge and reader to the LLM tier. */
  readonly chat?: ChatModel;
  readonly embedder?: Embedder;
  /** Word vectors (see `pecan vectors build`) fused into relevance. */
  readonly vectors?: WordVectors;
  /** Documents whose question-time reading units stay cached (default 32). */
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
   * Worker threads for ingest (`ingest-pool.ts`): loading, leaves, graph and the store write run
   * off the main thread, several documents at once. 0 (the default) ingests in this thread.
   * Applies to the model-free tier on a SQLite file or PostgreSQL; otherwise ingest stays here.
   * The CLI and the server use one worker per core.
   */
  readonly ingestWorkers?: number;
}

export interface IngestOptions {
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: IngestProgress) => void;
  /** Called for each path a directory walk skipped, with the reason. */
  readonly onSkip?: (path: string, reason: string) => void;
}

export interface IngestReport {
  readonly documents: IngestedDocument[];
  readonly skippedPaths: { readonly path: string; readonly reason: string }[];
  readonly cost: LlmUsage & { ms: number };
}

/** What an LLM-backed ingest would take, before it starts. */
export interface IngestEstimate extends BuildEstimate {
  readonly documents: number;
  readonly leafTokens: number;
  /** One line for people. */
  readonly summary: string;
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
  list(): Promise<DocumentSummary[]>;
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
  if (isPostgresUrl(path)) return openPostgresStore(path);
  return path === ":memory:" ? createMemoryStore() : openSqliteStore(path);
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

  /**
   * Ingests through the pool: up to twice the workers in flight, committed in the given order;
   * the first failure stops the run after the documents before it are stored, as in this thread.
   */
  async function ingestPooled(tasks: AsyncIterable<PoolTask>, ingestOptions: IngestOptions): Promise<IngestedDocument[]> {
    const workers = ingestPool();
    const window = 2 * Math.max(1, options.ingestWorkers ?? 1);
    const results: Promise<IngestedDocument>[] = [];
    let previous: Promise<unknown> = Promise.resolve();
    let failed = false;
    let settled = 0;
    let sourceError: unknown;
    try {
      for await (const task of tasks) {
        if (failed) break;
        const turn = previous.then(() => undefined);
        turn.catch(() => undefined); // a failure is reported once, by the task that failed
        const result = workers.ingest(task, {
          loaded: async (docId, hash) => {
            checkDocId(docId);
            return ingestOptions.force ? undefined : unchangedTwin(store, docId, hash);
          },
          turn,
          ...(ingestOptions.onProgress ? { onProgress: ingestOptions.onProgress } : {}),
          ...(ingestOptions.signal ? { signal: ingestOptions.signal } : {}),
        });
        result.then(
          () => settled++,
          () => {
            settled++;
            failed = true;
          },
        );
        results.push(result);
        previous = result;
        while (results.length - settled >= window && !failed) await Promise.race(results.slice(settled)).catch(() => undefined);
      }
    } catch (error) {
      // Loading the next document failed: the ones already handed out still commit, as in one thread.
      sourceError = error;
    }
    const outcomes = await Promise.allSettled(results);
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure) throw failure.reason;
    if (sourceError !== undefined) throw sourceError;
    return outcomes.map((o) => (o as PromiseFulfilledResult<IngestedDocument>).value);
  }

  async function* asTasks(docs: Iterable<LoadedDocument> | AsyncIterable<LoadedDocument>): AsyncIterable<PoolTask> {
    for await (const doc of docs) yield { kind: "document", doc };
  }
  const chat = options.chat;
  const limits = options.limits ?? {};
  const signals = (usage: LlmUsage): QuestionSignals => {
    if (!chat) return { judge: createCalibratedJudge(), reader: createExtractiveReader() };
    const metered = meterChatModel(chat, limits, usage);
    return { judge: createLlmJudge(metered, options.llmJudge ?? {}), reader: createLlmReader(metered) };
  };
  const askParts = {
    store,
    units,
    signals,
    ...(options.vectors ? { vectors: options.vectors } : {}),
    ...(options.embedder ? { embedder: options.embedder } : {}),
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
      const documents = await ingestPooled(asTasks(docs), ingestOptions);
      return { documents, skippedPaths, cost: { ...usage, ms: performance.now() - started } };
    }
    const documents: IngestedDocument[] = [];
    for await (const doc of docs) {
      documents.push(await ingestOne(parts, doc, usage, ingestOptions));
    }
    return { documents, skippedPaths, cost: { ...usage, ms: performance.now() - started } };
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
          ...(ingestOptions.docId ? { docId: ingestOptions.docId } : {}),
          ...(ingestOptions.title ? { title: ingestOptions.title } : {}),
        };
        const documents = await ingestPooled((async function* () { yield task; })(), ingestOptions);
        return { documents, skippedPaths: [], cost: { ...emptyUsage(), ms: performance.now() - started } };
      }
      const loaded = await loadBuffer(name, bytes, options.load ?? {});
      const doc: LoadedDocument = {
        ...loaded,
        ...(ingestOptions.docId ? { docId: ingestOptions.docId as DocId } : {}),
        ...(ingestOptions.title ? { title: ingestOptions.title } : {}),
      };
      return ingestDocuments([doc], ingestOptions);
    },
    async estimateIngest(source) {
      const docs = source.jsonl ? loadJsonl(source.jsonl, options.load ?? {}) : loadPaths([...(source.paths ?? [])], options.load ?? {});
      const total = { calls: 0, inputTokens: 0, outputTokens: 0, levels: [] as BuildEstimate["levels"] };
      let documents = 0;
      let leafTokens = 0;
      const model = { promptTokens: summarizerPromptTokens(countTokens), outputShare: DEFAULT_LLM_SUMMARIZER.ipShare };
      for await (const item of docs) {
        const doc = "kind" in item ? (item.kind === "document" ? item.doc : undefined) : item;
        if (!doc) continue;
        const leaves = buildLeaves(doc, parts.chunk);
        const estimate = estimateBuildCost(leaves, parts.levels, model);
        documents++;
        leafTokens += leaves.reduce((n, l) => n + l.tokens, 0);
        total.calls += estimate.calls;
        total.inputTokens += estimate.inputTokens;
        total.outputTokens += estimate.outputTokens;
        if (documents === 1) total.levels = estimate.levels;
      }
      const who = options.chat ? options.chat.id : "an LLM summarizer";
      return {
        ...total,
        documents,
        leafTokens,
        summary: `${documents} document(s), ${leafTokens} tokens of leaves: about ${total.calls} calls to ${who}, ${total.inputTokens} tokens in and ${total.outputTokens} tokens out`,
      };
    },
    list: () => store.listDocuments(),
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
    close() {
      if (pool) void pool.close();
      return store.close();
    },
  };
}

export { PecanError };
