/**
 * The typed contract: zod schemas of every JSON shape Pecan reads or writes (CLI `--json`,
 * HTTP bodies, stream events), each exported with its inferred type under the same name.
 * @example
 * import { AskResultJson } from "pecan";
 * const result = AskResultJson.parse(await (await fetch(url, init)).json());
 */
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
} from "./schemas.js";
export { WalkStepJson, AnswerDeltaJson, StreamEvent } from "./stream.js";
export type { StreamEventName } from "./stream.js";
export { DocIdJson, AskRequest, TextDocumentRequest } from "./requests.js";
export { PECAN_VERSION } from "./version.js";
export {
  ChatContentPart,
  ChatMessageJson,
  ChatCompletionRequest,
  ChatUsageJson,
  ChatCompletionJson,
  ChatCompletionChunkJson,
  ModelListJson,
} from "./openai.js";
