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
export { asDocId, asNodeId, nodeIdOf, docIdProblem, DOC_ID_PATTERN, DOC_ID_RULE } from "./core/ids.js";
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
export { oneLine } from "./core/one-line.js";
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
export { formatOfName } from "./ingest/loaders/dispatch.js";
export { splitSentences } from "./ingest/sentences.js";
export { buildLeaves, DEFAULT_CHUNK } from "./ingest/chunk.js";
export { renderDot, renderHtml } from "./graph/index.js";
export { countFallbacks, fallbackWarning } from "./graph/llm-summarizer.js";
export type { FallbackCount } from "./graph/llm-summarizer.js";
export { DEFAULT_WALK } from "./retrieval/walk.js";
export type { WalkPolicy, Judge, Verdict, StopReason } from "./retrieval/walk.js";
export { createEngine } from "./engine/create.js";
export { DEFAULT_UNITS_CACHE_SIZE } from "./engine/ask.js";
export { askJson, inspectJson, ingestJson, listItemJson, summaryJson, documentJson } from "./engine/json.js";
export {
  SpanJson,
  CitationJson,
  ContextItemJson,
  StopReasonJson,
  TraceStepJson,
  TraceJson,
  SubAnswerJson,
  SubQuestionsJson,
  LlmCostJson,
  AskCostJson,
  AskResultJson,
  IngestedDocumentJson,
  IngestJson,
  ListItemJson,
  ListJson,
  DocumentSummaryJson,
  DocumentListJson,
  DocumentJson,
  RemovedJson,
  InspectNodeJson,
  InspectEdgeJson,
  InspectJson,
  ErrorCodeJson,
  ErrorJson,
  HealthJson,
  PassagesJson,
  WalkStepJson,
  AnswerDeltaJson,
  StreamEvent,
  DocIdJson,
  AskRequest,
  TextDocumentRequest,
} from "./contract/index.js";
export type { StreamEventName } from "./contract/index.js";
export {
  PECAN_VERSION,
  ChatContentPart,
  ChatMessageJson,
  ChatCompletionRequest,
  ChatUsageJson,
  ChatCompletionJson,
  ChatCompletionChunkJson,
  ModelListJson,
} from "./contract/index.js";
export {
  loadLlmConfig,
  resolveLlmConfig,
  describeConfig,
  createModelsFromConfig,
  createChatModelFromSpec,
  createEmbedderFromSpec,
  createOpenAICompatible,
  createOllama,
  createGgufModel,
  meterChatModel,
  meterEmbedder,
  parseModelSpec,
  LLM_HELP,
} from "./llm/index.js";
export type { LlmConfig, ModelSpec, ConfiguredModels } from "./llm/index.js";
export type { MeterLimits } from "./llm/meter.js";
export { openSqliteStore, createMemoryStore, SCHEMA_VERSION, openPostgresStore, isPostgresUrl, PG_SCHEMA_VERSION } from "./store/index.js";
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
  SubAnswer,
  SubQuestionReport,
} from "./engine/create.js";
export type { Citation } from "./answer/citations.js";
export {
  loadWordVectors,
  findWordVectors,
  defaultVectorsPath,
  nearestWords,
  cosine,
  wordsOf,
  VECTORS_FORMAT_VERSION,
} from "./retrieval/word-vectors.js";
export type { WordVectors } from "./retrieval/word-vectors.js";
export { convertWinkVectors, DEFAULT_CONVERT } from "./retrieval/word-vectors-convert.js";
export type { ConvertReport } from "./retrieval/word-vectors-convert.js";
