/** Pecan's public API: explicit named exports. */
export {
  PecanError,
  InputError,
  NotFoundError,
  StoreError,
  ProviderError,
  UsageError,
  isPecanError,
  toPecanError,
  ERROR_CODES,
} from "./core/errors.js";
export type { ErrorCode } from "./core/errors.js";
export type { DocId, NodeId } from "./core/ids.js";
export { asDocId, asNodeId, nodeIdOf } from "./core/ids.js";
export type {
  Span,
  LoadedDocument,
  DocumentRecord,
  DocumentSummary,
  GraphNode,
  GraphEdge,
  DocumentGraph,
  LlmUsage,
  MadeBy,
} from "./core/types.js";
export { analyze } from "./core/analyze.js";
export type { Store } from "./store/spec.js";
export type {
  ChatModel,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  ChatStreamPart,
  Embedder,
  AttentionModel,
  TokenUsage,
} from "./llm/spec.js";
export { countTokens } from "./ingest/tokens.js";
export { splitSentences } from "./ingest/sentences.js";
export { buildLeaves, DEFAULT_CHUNK } from "./ingest/chunk.js";
export { renderDot, renderHtml } from "./graph/index.js";
export { DEFAULT_WALK } from "./retrieval/walk.js";
export type { WalkPolicy, Judge, Verdict, StopReason } from "./retrieval/walk.js";
export { createEngine } from "./engine.js";
export type {
  Engine,
  EngineOptions,
  IngestOptions,
  IngestReport,
  IngestedDocument,
  InspectResult,
  IngestEstimate,
  AskOptions,
  AskResult,
  AskEvent,
  ContextItem,
} from "./engine.js";
export type { Citation } from "./answer/citations.js";
