/**
 * The OpenAI wire format (Chat Completions and Embeddings APIs, as served by OpenAI, vLLM,
 * llama.cpp server, LM Studio and Ollama): request bodies, and zod schemas that read the
 * responses leniently (fields servers omit or fill differently are optional; bad optional
 * parts are dropped rather than fatal).
 */
import { z } from "zod";
import type { ChatRequest, FinishReason, TokenLogprob } from "./spec.js";

const ContentPart = z.looseObject({ type: z.string().nullish(), text: z.string().nullish() });
const Content = z.union([z.string(), z.array(ContentPart), z.null()]).optional();

const TopLogprob = z.looseObject({ token: z.string(), logprob: z.number() });
const LogprobEntry = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  top_logprobs: z.array(TopLogprob).nullish(),
});
const Logprobs = z
  .looseObject({ content: z.array(LogprobEntry).nullish() })
  .nullish()
  .catch(null);

const Usage = z
  .looseObject({
    prompt_tokens: z.number().int().nonnegative().nullish(),
    completion_tokens: z.number().int().nonnegative().nullish(),
  })
  .nullish()
  .catch(null);

/** A `/chat/completions` response (not streamed). */
export const ChatCompletionSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({ content: Content }).nullish(),
        finish_reason: z.string().nullish(),
        logprobs: Logprobs,
      }),
    )
    .min(1),
  usage: Usage,
});
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;

/** One `data:` chunk of a streamed `/chat/completions` response. */
export const ChatChunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        delta: z.looseObject({ content: Content }).nullish(),
        finish_reason: z.string().nullish(),
        logprobs: Logprobs,
      }),
    )
    .nullish(),
  usage: Usage,
});
export type ChatChunk = z.infer<typeof ChatChunkSchema>;

/** A `/embeddings` response; vectors as float arrays or base64 little-endian float32. */
export const EmbeddingsSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      embedding: z.union([z.array(z.number()), z.string()]),
      index: z.number().int().nonnegative().nullish(),
    }),
  ),
  usage: z
    .looseObject({
      prompt_tokens: z.number().int().nonnegative().nullish(),
      total_tokens: z.number().int().nonnegative().nullish(),
    })
    .nullish()
    .catch(null),
});
export type Embeddings = z.infer<typeof EmbeddingsSchema>;

/** An error body: `{ error: { message, code, type } }` (OpenAI, vLLM) or `{ error: "..." }` (Ollama). */
export const ErrorBodySchema = z.looseObject({
  error: z.union([
    z.string(),
    z.looseObject({
      message: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
      type: z.string().nullish(),
    }),
  ]),
});

/** Which field carries the output cap: `max_tokens` (every server) or `max_completion_tokens` (newer OpenAI models). */
export type MaxTokensField = "max_tokens" | "max_completion_tokens";

/** The JSON body of a chat request. Temperature defaults to 0 (reproducible calls). */
export function chatRequestBody(
  model: string,
  request: ChatRequest,
  options: { stream: boolean; maxTokensField?: MaxTokensField },
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature ?? 0,
  };
  if (request.maxTokens !== undefined) body[options.maxTokensField ?? "max_tokens"] = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = [...request.stop];
  if (request.topLogprobs !== undefined) {
    body.logprobs = true;
    body.top_logprobs = request.topLogprobs;
  }
  if (options.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

/** Text of a message or delta content: a string, an array of parts, or null. */
export function contentText(content: z.infer<typeof Content>): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === undefined || part.type === null || part.type === "text" ? (part.text ?? "") : "")).join("");
}

/** Maps a wire finish reason to the spec's. */
export function finishReasonOf(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop":
    case "eos":
    case "end_turn":
      return "stop";
    case "length":
    case "max_tokens":
      return "length";
    case "content_filter":
      return "content-filter";
    case "error":
      return "error";
    default:
      return "other";
  }
}

/** Maps wire log-probabilities to the spec's (empty when absent). */
export function logprobsOf(logprobs: z.infer<typeof Logprobs>): TokenLogprob[] {
  return (logprobs?.content ?? []).map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    top: (entry.top_logprobs ?? []).map((t) => ({ token: t.token, logprob: t.logprob })),
  }));
}

/** A vector from a float array or base64 float32 (little-endian). */
export function vectorOf(embedding: readonly number[] | string): Float32Array {
  if (typeof embedding !== "string") return Float32Array.from(embedding);
  const bytes = Buffer.from(embedding, "base64");
  const out = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
