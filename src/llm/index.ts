/** The LLM layer: model interfaces, providers, configuration, and accounting with caps. */
export {
  LLM_SPEC_VERSION,
  type AttentionModel,
  type AttentionRequest,
  type AttentionSpan,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatRole,
  type ChatStreamPart,
  type EmbedRequest,
  type EmbedResponse,
  type Embedder,
  type FinishReason,
  type TokenLogprob,
  type TokenUsage,
} from "./spec.js";
export {
  DEFAULT_OPENAI,
  createOpenAICompatible,
  normalizeBaseURL,
  type OpenAICompatibleOptions,
  type OpenAICompatibleProvider,
} from "./openai-compatible.js";
export type { MaxTokensField } from "./openai-wire.js";
export type { ProviderHints } from "./provider-errors.js";
export { DEFAULT_OLLAMA, OLLAMA_HINTS, createOllama, ollamaBaseURL, type OllamaOptions } from "./ollama.js";
export { DEFAULT_GGUF, createGgufModel, type GgufModel, type GgufModelOptions } from "./gguf.js";
export { formatModelSpec, parseModelSpec, type ModelSpec } from "./model-spec.js";
export {
  CONFIG_FILE_NAME,
  LlmConfigFileSchema,
  describeConfig,
  loadLlmConfig,
  parseConfigFile,
  resolveLlmConfig,
  type ConfigSource,
  type LlmConfig,
  type LlmConfigFile,
  type LlmConfigInputs,
  type LoadLlmConfigOptions,
} from "./config.js";
export { LLM_HELP } from "./config-help.js";
export {
  createChatModelFromSpec,
  createEmbedderFromSpec,
  createModelsFromConfig,
  type Closable,
  type ConfiguredModels,
  type ProviderDeps,
} from "./from-config.js";
export { meterChatModel, meterEmbedder, truncateToTokens, type MeterLimits } from "./meter.js";
export { countMessageTokens, countTextTokens } from "./count-tokens.js";
export { DEFAULT_RETRY } from "./retry.js";
export { Semaphore } from "./semaphore.js";
