/**
 * Asking as the engine runs it: pick the documents (given, or the coarse stage over the
 * collection), build or reuse their reading units, score relevance, walk, read, and report
 * the answer with citations, the context read, the trace and the cost (PECAN.md §2, §4, §6).
 */
import { asDocId, type DocId, type NodeId } from "../core/ids.js";
import { isPecanError, PecanError, UsageError } from "../core/errors.js";
import { emptyUsage, type LlmUsage, type Span } from "../core/types.js";
import type { Store } from "../store/spec.js";
import type { DocUnits } from "../retrieval/units.js";
import { createVectorCache, embedderSimilarity, vectorSimilarity, type VectorCache } from "../retrieval/vector-similarity.js";
import type { WordVectors } from "../retrieval/word-vectors.js";
import type { Embedder } from "../llm/spec.js";
import { relevanceFor, scoreRelevance, type RelevanceOptions } from "../retrieval/relevance.js";
import { selectDocuments, type CoarseOptions } from "../retrieval/coarse.js";
import { analyzeQuery } from "../retrieval/query.js";
import { ABSTRACTIVE_WALK, DEFAULT_WALK, walk, type Judge, type StopReason, type WalkPolicy, type WalkTrace } from "../retrieval/walk.js";
import type { Reader, ReaderInput, ReaderOutput } from "../answer/reader.js";
import { createExtractiveReader } from "../answer/extractive-reader.js";
import type { Citation } from "../answer/citations.js";
import { DEFAULT_ABSTAIN, NOT_FOUND_ANSWER, supportProbability } from "../answer/abstain.js";
import { extractAnswer } from "../answer/extract.js";
import { idf, mergeStats } from "../retrieval/bm25.js";
import { definedFields } from "../core/objects.js";
import type { ChatModel } from "../llm/spec.js";
import { planFor, subQuestionWalk, type SubQuestionReport } from "./subquestions.js";

export interface AskOptions {
  /** Ask these documents only; without it, the coarse stage picks from the whole store. Plain strings do. */
  readonly docIds?: readonly (DocId | string)[];
  /** Cap on context tokens read. */
  readonly budget?: number;
  readonly patience?: number;
  readonly maxSteps?: number;
  /** Ignore the judge, read up to the budget. */
  readonly fill?: boolean;
  readonly walk?: Partial<WalkPolicy>;
  readonly relevance?: Partial<RelevanceOptions>;
  readonly coarse?: Partial<CoarseOptions>;
  /** Replace the engine's judge or reader for this question (tiers can mix). */
  readonly judge?: Judge;
  readonly reader?: Reader;
  readonly signal?: AbortSignal;
  /** LLM tier: split a multi-hop question into sub-questions, walk each, merge (engine/subquestions.ts). Off by default. */
  readonly subQuestions?: boolean;
}

export interface ContextItem {
  readonly docId: DocId;
  readonly nodeId: NodeId;
  readonly level: number;
  readonly text: string;
  readonly spans: readonly Span[];
}

export interface AskResult {
  readonly answer: string;
  /** False when what was read does not hold the answer: `answer` says so, the citations are the closest passages. */
  readonly found: boolean;
  /**
   * A calibrated probability (docs/answer-calibration.md). From the extractive reader: that the
   * answer shown is right (the confidence model, fitted on its answers' correctness). From a
   * reader that gives none of its own (the LLM reader): that what was read holds the answer (the
   * support model over the same reading, the probability `found` is decided by), not that the
   * generated text is right; no model is fitted on an LLM's answers.
   */
  readonly confidence: number;
  readonly citations: readonly Citation[];
  readonly context: readonly ContextItem[];
  readonly trace: {
    readonly steps: readonly { readonly nodeId: NodeId; readonly score: number; readonly tokens: number }[];
    readonly stop: StopReason;
    readonly judge: string;
    /** How many times the judge was asked (0 with --fill; an LLM judge is asked on its schedule). */
    readonly judgeCalls: number;
    readonly reader: string;
    /** The documents the walk opened. */
    readonly documents: readonly DocId[];
    /** With `subQuestions`: the sub-questions and their answers, or why the plain walk was used. */
    readonly subQuestions?: SubQuestionReport;
  };
  readonly cost: LlmUsage & { nodesRead: number; tokensRead: number; steps: number; ms: number };
}

export type AskEvent =
  | {
      readonly type: "walk-step";
      readonly step: { readonly docId: DocId; readonly nodeId: NodeId; readonly level: number; readonly score: number; readonly tokens: number; readonly text: string; readonly probability?: number };
    }
  | { readonly type: "answer-delta"; readonly text: string }
  | { readonly type: "done"; readonly result: AskResult };

/** The signals of one question; `usage` collects their LLM calls and tokens. */
export interface QuestionSignals {
  readonly judge: Judge;
  readonly reader: Reader;
  /** The question's metered chat model (LLM tier), for the sub-question planner. */
  readonly chat?: ChatModel;
}

export interface AskParts {
  readonly store: Store;
  readonly units: (docId: DocId) => Promise<DocUnits>;
  /** Word vectors for fused relevance, when configured. */
  readonly vectors?: WordVectors;
  /** An embedding model for fused relevance (takes precedence over word vectors). */
  readonly embedder?: Embedder;
  /** Counts an embedder's calls into a question's usage. */
  readonly meterEmbedder?: (embedder: Embedder, usage: LlmUsage) => Embedder;
  /** The engine's unit vectors per document (without it, each question computes its own). */
  readonly vectorCache?: VectorCache;
  readonly signals: (usage: LlmUsage) => QuestionSignals;
}

/** The cache of reading units per document, invalidated by the store's revisions (retrieval/units-cache.ts). */
export { createUnitsCache, DEFAULT_UNITS_CACHE_SIZE } from "../retrieval/units-cache.js";

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new UsageError(`${name} must be a positive integer`);
}

export async function* askEvents(parts: AskParts, question: string, options: AskOptions = {}): AsyncGenerator<AskEvent, AskResult> {
  const started = performance.now();
  if (question.trim().length === 0) throw new UsageError("the question is empty");
  positive("budget", options.budget);
  positive("patience", options.patience);
  positive("maxSteps", options.maxSteps);
  const query = analyzeQuery(question);
  const docIds =
    options.docIds && options.docIds.length > 0
      ? [...new Set(options.docIds.map(asDocId))]
      : (await selectDocuments(parts.store, query, options.coarse)).map((d) => d.docId);
  const view = await Promise.all(docIds.map((id) => parts.units(id)));
  const usage = emptyUsage();
  const vectorCache = parts.vectorCache ?? createVectorCache(parts.embedder);
  const similarity = parts.embedder
    ? await embedderSimilarity(view, question, parts.meterEmbedder ? parts.meterEmbedder(parts.embedder, usage) : parts.embedder, vectorCache, options.signal)
    : parts.vectors
      ? vectorSimilarity(view, view.map((u) => vectorCache.wordVectors(u, parts.vectors!)), question, parts.vectors)
      : undefined;
  const relevance = scoreRelevance(view, query, { ...relevanceFor(options.budget ?? options.walk?.budget ?? DEFAULT_WALK.budget), ...options.relevance }, similarity);
  const defaults = parts.signals(usage);
  const judge = options.judge ?? defaults.judge;
  const reader = options.reader ?? defaults.reader;
  // An information point's unit is its node: asking the nodes visits a tenth of the units.
  const abstractive = view.some((d) => {
    for (let i = d.nodes.length - 1; i >= 0 && d.nodes.level(i) > 0; i--) if (d.nodes.isAbstractive(i)) return true;
    return false;
  });
  const policy: Partial<WalkPolicy> = {
    ...(abstractive ? ABSTRACTIVE_WALK : {}),
    ...options.walk,
    ...definedFields({ budget: options.budget, patience: options.patience, maxSteps: options.maxSteps, fill: options.fill }),
  };
  const stats = mergeStats(view.map((v) => v.sentenceStats));
  const termIdf = (term: string): number => idf(stats.df.get(term) ?? 0, stats.count);
  const plan = options.subQuestions ? await planFor(defaults.chat, question, options.signal) : undefined;
  let subQuestions: SubQuestionReport | undefined = plan && !plan.ok ? { used: false, reason: plan.reason } : undefined;
  let readerQuestion = question;
  const walkInput = { view, query, relevance, judge, policy, ...definedFields({ signal: options.signal }) };
  let trace: WalkTrace | undefined;
  for await (const event of plan?.ok ? subQuestionWalk({ ...walkInput, question, plan: plan.questions, reader, termIdf, ...definedFields({ relevanceOptions: options.relevance }) }) : walk(walkInput)) {
    if (event.type === "walk-done") {
      trace = event.trace;
      if ("readerQuestion" in event) ({ readerQuestion, subQuestions } = event);
      break;
    }
    const { unit, score, tokens, probability } = event.step;
    yield {
      type: "walk-step",
      step: { docId: unit.docId, nodeId: unit.nodeId, level: unit.level, score, tokens, text: unit.text, ...(probability !== undefined ? { probability } : {}) },
    };
  }
  if (!trace) throw new Error("walk ended without a trace");
  const items = trace.steps.map((s) => ({
    unit: s.unit,
    relevance: relevance.unit[s.ref.doc]![s.ref.unit]!,
    title: view[s.ref.doc]!.title,
  }));
  // The reader runs while its deltas are yielded as they come (a small channel between the two).
  const deltas: string[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let readerId = reader.id;
  const reading = readWithFallback(reader, (id) => (readerId = id), {
    question: readerQuestion,
    items,
    termIdf,
    ...definedFields({ signal: options.signal }),
    onDelta: (text: string) => {
      deltas.push(text);
      wake?.();
    },
  }).finally(() => {
    finished = true;
    wake?.();
  });
  reading.catch(() => undefined); // handled below, after the deltas
  let streamed = false;
  while (!finished || deltas.length > 0) {
    if (deltas.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    while (deltas.length > 0) {
      streamed = true;
      yield { type: "answer-delta", text: deltas.shift()! };
    }
  }
  const output = await reading;
  if (!streamed && output.answer.length > 0) yield { type: "answer-delta", text: output.answer };
  const support = supportOf(output, question, items, termIdf);
  const result: AskResult = {
    answer: support.found ? output.answer : output.found === false && output.answer.length > 0 ? output.answer : NOT_FOUND_ANSWER,
    found: support.found,
    confidence: support.confidence,
    citations: output.citations,
    context: trace.steps.map((s) => ({ docId: s.unit.docId, nodeId: s.unit.nodeId, level: s.unit.level, text: s.unit.text, spans: s.unit.spans })),
    trace: {
      steps: trace.steps.map((s) => ({ nodeId: s.unit.nodeId, score: round(s.score), tokens: s.tokens })),
      stop: trace.stop,
      judge: trace.judge,
      judgeCalls: trace.judgeCalls,
      reader: readerId,
      documents: docIds,
      ...definedFields({ subQuestions }),
    },
    cost: {
      nodesRead: new Set(trace.steps.map((s) => s.unit.nodeId)).size,
      tokensRead: trace.tokensRead,
      steps: trace.steps.length,
      ...usage,
      ms: Math.round(performance.now() - started),
    },
  };
  yield { type: "done", result };
  return result;
}

/**
 * Reads with `reader`; when its LLM's per-question token budget is spent (`E_BUDGET`, raised
 * before the call is sent, so nothing was streamed), answers extractively from the same context
 * instead of failing the question, and names that reader in the trace.
 */
async function readWithFallback(reader: Reader, usedReader: (id: string) => void, input: ReaderInput): Promise<ReaderOutput> {
  try {
    return await reader.read(input);
  } catch (error) {
    if (!isPecanError(error) || error.code !== "E_BUDGET") throw error;
    const fallback = createExtractiveReader();
    usedReader(`${fallback.id} (${reader.id}: token budget spent)`);
    return fallback.read(input);
  }
}

/**
 * Found and confidence of a reading: the reader's own, else (an LLM reader) the model-free
 * support model over the same items, so an LLM reader's confidence is the probability that what
 * was read holds the answer (AskResult.confidence); a reader that says the passages do not hold
 * the answer is not found whatever the model says.
 */
function supportOf(output: ReaderOutput, question: string, items: ReaderInput["items"], termIdf: (term: string) => number): { found: boolean; confidence: number } {
  if (output.found !== undefined && output.confidence !== undefined) return { found: output.found, confidence: output.confidence };
  const confidence = round(supportProbability(extractAnswer(question, items, {}, termIdf).features));
  const found = output.found ?? (output.answer.length > 0 && confidence >= DEFAULT_ABSTAIN.threshold);
  return { found, confidence: found ? confidence : Math.min(confidence, DEFAULT_ABSTAIN.threshold) };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * A question's events with a cancel reported as `E_ABORTED` (a PecanError), whatever threw it:
 * the walk's `signal.throwIfAborted()` throws the signal's reason, often a DOMException.
 */
export async function* cancellable(events: AsyncGenerator<AskEvent, AskResult>, signal: AbortSignal | undefined): AsyncGenerator<AskEvent, AskResult> {
  try {
    return yield* events;
  } catch (error) {
    const abort = error instanceof Error && error.name === "AbortError";
    if ((signal?.aborted || abort) && !isPecanError(error)) throw new PecanError("E_ABORTED", "the question was cancelled", { cause: error });
    throw error;
  }
}
