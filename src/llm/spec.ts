/**
 * Model interfaces, version 1 (after vercel/ai's language-model spec). Providers
 * (OpenAI-compatible HTTP, Ollama, a local GGUF model) implement these; the engine's signals
 * (summarizer, edge weigher, relevance, judge, reader) depend only on this file.
 */

export const LLM_SPEC_VERSION = 1;

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  /** Default 0: Pecan's calls are meant to be reproducible. */
  readonly temperature?: number;
  /** Cap on output tokens for this call. */
  readonly maxTokens?: number;
  /** Ask for log-probabilities of the first output tokens, with this many alternatives each. */
  readonly topLogprobs?: number;
  readonly stop?: readonly string[];
  readonly signal?: AbortSignal;
}

/** Log-probabilities of one output position. */
export interface TokenLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly top: readonly { readonly token: string; readonly logprob: number }[];
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export type FinishReason = "stop" | "length" | "content-filter" | "error" | "other";

export interface ChatResponse {
  readonly text: string;
  readonly finishReason: FinishReason;
  /** Always present: counted locally when the provider does not report it. */
  readonly usage: TokenUsage;
  /** Present when asked for and the provider gives them. */
  readonly logprobs?: readonly TokenLogprob[];
}

export type ChatStreamPart =
  | { readonly type: "text-delta"; readonly text: string }
  | {
      readonly type: "finish";
      readonly finishReason: FinishReason;
      readonly usage: TokenUsage;
      /** Present when asked for (`topLogprobs`) and the provider gives them. */
      readonly logprobs?: readonly TokenLogprob[];
    };

export interface ChatModel {
  readonly specVersion: typeof LLM_SPEC_VERSION;
  /** `openai:gpt-4o-mini`, `ollama:llama3.2`, `gguf:/models/x.gguf`, `scripted`, ... */
  readonly id: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
  stream(request: ChatRequest): AsyncIterable<ChatStreamPart>;
  /** Tokens of a text as this model counts them (an estimate where the provider cannot say). */
  countTokens(text: string): number;
}

export interface EmbedRequest {
  readonly texts: readonly string[];
  readonly signal?: AbortSignal;
}

export interface EmbedResponse {
  readonly vectors: readonly Float32Array[];
  readonly usage: TokenUsage;
}

export interface Embedder {
  readonly specVersion: typeof LLM_SPEC_VERSION;
  readonly id: string;
  readonly dimensions?: number;
  embed(request: EmbedRequest): Promise<EmbedResponse>;
}

/** A span of the input whose attention mass is measured. */
export interface AttentionSpan {
  readonly start: number;
  readonly end: number;
}

export interface AttentionRequest {
  /** The input text the model reads (the window's nodes, concatenated). */
  readonly context: string;
  /** The character spans of `context` that stand for each input node. */
  readonly spans: readonly AttentionSpan[];
  /** The generated text whose tokens' attention is measured (an IP). */
  readonly output: string;
  readonly signal?: AbortSignal;
}

/**
 * Attention from the output's tokens to each span of the input, averaged over layers and heads,
 * with attention-sink tokens (the first tokens and separators) removed, normalised to sum to 1.
 * Hosted APIs do not expose attention; only local runtimes can implement this.
 */
export interface AttentionModel {
  readonly specVersion: typeof LLM_SPEC_VERSION;
  readonly id: string;
  attention(request: AttentionRequest): Promise<{ readonly mass: readonly number[] }>;
}
