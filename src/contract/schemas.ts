/**
 * The JSON shapes Pecan answers with (PECAN.md section 6), as zod schemas: one source for the
 * CLI's `--json` output, the HTTP API (and its OpenAPI document), MCP output schemas and the AI
 * SDK tools. Each schema is exported with the type it infers, under the same name. Change a
 * shape only by adding: scripts depend on these names.
 */
import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "../core/errors.js";

const count = () => z.number().int().nonnegative();

/** A half-open character range `[start, end)` of a document's normalised text. */
export const SpanJson = z.object({ start: count(), end: count() });
export type SpanJson = z.infer<typeof SpanJson>;

/** A verbatim range of a document that supports the answer. */
export const CitationJson = z.object({
  docId: z.string().min(1),
  nodeId: z.string().min(1),
  start: count(),
  end: count(),
  /** The document's text at `[start, end)`, exactly. */
  text: z.string(),
  /** 1-based page, when the document has pages. */
  page: z.number().int().positive().optional(),
});
export type CitationJson = z.infer<typeof CitationJson>;

/** One node the walk read, in reading order, with the document ranges its text reproduces. */
export const ContextItemJson = z.object({
  docId: z.string().min(1),
  nodeId: z.string().min(1),
  level: count(),
  text: z.string(),
  spans: z.array(SpanJson),
});
export type ContextItemJson = z.infer<typeof ContextItemJson>;

/** Why a walk stopped. */
export const StopReasonJson = z.enum(["sufficient", "budget", "max-steps", "exhausted"]);
export type StopReasonJson = z.infer<typeof StopReasonJson>;

/** One step of the walk: the node pulled in, its frontier score and its tokens. */
export const TraceStepJson = z.object({ nodeId: z.string().min(1), score: z.number(), tokens: count() });
export type TraceStepJson = z.infer<typeof TraceStepJson>;

/** One sub-question of a split multi-hop question, with the answer its walk found. */
export const SubAnswerJson = z.object({
  id: z.string().min(1),
  question: z.string(),
  dependsOn: z.array(z.string().min(1)),
  answer: z.string(),
  tokensRead: count(),
});
export type SubAnswerJson = z.infer<typeof SubAnswerJson>;

/** With `subQuestions` (LLM tier): the sub-questions walked, or why the plain walk ran instead. */
export const SubQuestionsJson = z.discriminatedUnion("used", [
  z.object({ used: z.literal(true), questions: z.array(SubAnswerJson) }),
  z.object({ used: z.literal(false), reason: z.string() }),
]);
export type SubQuestionsJson = z.infer<typeof SubQuestionsJson>;

/** The walk's trace: its steps, why it stopped, and which tiers judged and read. */
export const TraceJson = z.object({
  steps: z.array(TraceStepJson),
  stop: StopReasonJson,
  /** Which judge decided (e.g. `calibrated`, `llm:openai:gpt-4o-mini`). */
  judge: z.string().optional(),
  /** How many times the judge was asked (0 with `fill`). */
  judgeCalls: count().optional(),
  /** Which reader wrote the answer. */
  reader: z.string().optional(),
  /** The documents the walk opened. */
  documents: z.array(z.string().min(1)).optional(),
  subQuestions: SubQuestionsJson.optional(),
});
export type TraceJson = z.infer<typeof TraceJson>;

/** LLM calls and tokens of a call, and its wall time in milliseconds. */
export const LlmCostJson = z.object({ llmCalls: count(), llmTokensIn: count(), llmTokensOut: count(), ms: z.number().nonnegative() });
export type LlmCostJson = z.infer<typeof LlmCostJson>;

/** What a question cost. */
export const AskCostJson = LlmCostJson.extend({ nodesRead: count(), tokensRead: count(), steps: count() });
export type AskCostJson = z.infer<typeof AskCostJson>;

/**
 * `pecan ask --json`, `POST /ask` and the `done` stream event (PECAN.md §6).
 */
export const AskResultJson = z.object({
  answer: z.string(),
  /** false: the documents do not support an answer, and `answer` says so. */
  found: z.boolean(),
  /** Calibrated probability (0..1) that the answer shown is right. */
  confidence: z.number().min(0).max(1),
  citations: z.array(CitationJson),
  context: z.array(ContextItemJson),
  trace: TraceJson,
  cost: AskCostJson,
});
export type AskResultJson = z.infer<typeof AskResultJson>;

/** One document of an ingest report; `skipped` says why nothing was written. */
export const IngestedDocumentJson = z.object({
  docId: z.string().min(1),
  title: z.string(),
  tokens: count(),
  nodes: count(),
  edges: count(),
  skipped: z.string().optional(),
});
export type IngestedDocumentJson = z.infer<typeof IngestedDocumentJson>;

/** `pecan ingest --json` and `POST /documents`. */
export const IngestJson = z.object({
  documents: z.array(IngestedDocumentJson),
  cost: LlmCostJson,
  /** Paths a directory walk skipped, with the reason (CLI only). */
  skippedPaths: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  /** The ingest was stopped (Ctrl-C) before every document was started; a rerun ingests the rest. */
  stopped: z.boolean().optional(),
});
export type IngestJson = z.infer<typeof IngestJson>;

/** One row of `pecan list --json`. */
export const ListItemJson = z.object({
  docId: z.string().min(1),
  title: z.string(),
  tokens: count(),
  nodes: count(),
  levels: count().optional(),
});
export type ListItemJson = z.infer<typeof ListItemJson>;

/** `pecan list --json`. */
export const ListJson = z.array(ListItemJson);
export type ListJson = z.infer<typeof ListJson>;

/** One row of `GET /documents`: the `list --json` fields plus where it came from and when. */
export const DocumentSummaryJson = ListItemJson.extend({
  levels: count(),
  chars: count(),
  source: z.string(),
  /** ISO time of ingest. */
  createdAt: z.string(),
});
export type DocumentSummaryJson = z.infer<typeof DocumentSummaryJson>;

/** `GET /documents`. */
export const DocumentListJson = z.array(DocumentSummaryJson);
export type DocumentListJson = z.infer<typeof DocumentListJson>;

/** `GET /documents/:id`: the document's fields, its graph's size, and its whole normalised text. */
export const DocumentJson = z.object({
  docId: z.string().min(1),
  title: z.string(),
  source: z.string(),
  tokens: count(),
  chars: count(),
  nodes: count().optional(),
  levels: count().optional(),
  /** SHA-256 of the normalised text, hex. */
  hash: z.string(),
  createdAt: z.string(),
  /** Start offsets of pages 1..n, when the document has pages. */
  pageStarts: z.array(count()).optional(),
  text: z.string(),
});
export type DocumentJson = z.infer<typeof DocumentJson>;

/** `DELETE /documents/:id`. */
export const RemovedJson = z.object({ docId: z.string().min(1), removed: z.literal(true) });
export type RemovedJson = z.infer<typeof RemovedJson>;

/** A node of `inspect --format json`. */
export const InspectNodeJson = z.object({
  nodeId: z.string().min(1),
  level: count(),
  text: z.string(),
  tokens: count(),
  spans: z.array(SpanJson),
  pages: z.array(z.number().int().positive()).optional(),
  madeBy: z.string().min(1),
});
export type InspectNodeJson = z.infer<typeof InspectNodeJson>;

/** A weighted edge of `inspect --format json`, from an information point to one of its inputs. */
export const InspectEdgeJson = z.object({ parent: z.string().min(1), child: z.string().min(1), weight: z.number().nonnegative(), madeBy: z.string().min(1) });
export type InspectEdgeJson = z.infer<typeof InspectEdgeJson>;

/** `pecan inspect --format json` and `GET /documents/:id/graph`. */
export const InspectJson = z.object({
  document: z.object({ docId: z.string().min(1), title: z.string(), tokens: count(), chars: count() }),
  nodes: z.array(InspectNodeJson),
  edges: z.array(InspectEdgeJson),
});
export type InspectJson = z.infer<typeof InspectJson>;

/** Every stable error code (src/core/errors.ts). */
export const ErrorCodeJson = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);
export type ErrorCodeJson = z.infer<typeof ErrorCodeJson>;

/** Every failure with `--json`, every HTTP error body and the `error` stream event. */
export const ErrorJson = z.object({ error: z.object({ code: ErrorCodeJson, message: z.string().min(1) }) });
export type ErrorJson = z.infer<typeof ErrorJson>;

/** `GET /health`. */
export const HealthJson = z.object({ ok: z.literal(true), documents: count(), ingesting: count(), asking: count() });
export type HealthJson = z.infer<typeof HealthJson>;

/** Passages found for a query (the AI SDK's and MCP's search tools): what a fill walk read, in reading order. */
export const PassagesJson = z.object({ passages: z.array(ContextItemJson) });
export type PassagesJson = z.infer<typeof PassagesJson>;
