/**
 * Accounting and hard token caps around any ChatModel or Embedder (PECAN.md section 4: every
 * call reports LLM calls and tokens; "hard caps are never exceeded, whatever a model says").
 * Before a call: its input is counted with the model's own tokenizer and the call is refused
 * (`E_BUDGET`) when the per-call cap or the rest of the per-question budget leaves no room
 * for output; `maxTokens` is clamped to that room. After it: a response reporting more
 * output than the room is cut to the room and counted at the room. Streams are cut as soon
 * as the model's own count of the text passes the room (an estimate for remote models).
 */
import { PecanError, ProviderError } from "../core/errors.js";
import type { LlmUsage } from "../core/types.js";
import { countMessageTokens } from "./count-tokens.js";
import type {
  ChatModel,
  ChatRequest,
  ChatResponse,
  ChatStreamPart,
  EmbedRequest,
  EmbedResponse,
  Embedder,
  FinishReason,
  TokenUsage,
} from "./spec.js";

/** Token caps; an absent cap is no cap. */
export interface MeterLimits {
  /** Input plus output tokens of one call. */
  readonly maxTokensPerCall?: number;
  /** Input plus output tokens of all calls through this meter (make one meter per question). */
  readonly maxTokensPerQuestion?: number;
}

/**
 * The longest prefix of `text` that `count` puts at no more than `maxTokens` tokens
 * (binary search on code-unit boundaries, never splitting a surrogate pair).
 * @example truncateToTokens("one two three", 2, (t) => t.split(" ").filter(Boolean).length) // "one two "
 */
export function truncateToTokens(text: string, maxTokens: number, count: (text: string) => number): string {
  if (maxTokens <= 0) return "";
  if (count(text) <= maxTokens) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(text.slice(0, safeCut(text, mid))) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, safeCut(text, lo));
}

function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return at > 0 && code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

interface Plan {
  readonly inputEstimate: number;
  /** Output room; Infinity without caps or `maxTokens`. */
  readonly maxOut: number;
  readonly reservation: number;
}

/**
 * Wraps `model` so that every call adds its calls and tokens to `usage` and obeys `limits`.
 * Refused calls are not sent and not counted; failed calls count as calls with no tokens.
 * @example
 * const usage = emptyUsage();
 * const metered = meterChatModel(model, { maxTokensPerQuestion: 4000 }, usage);
 */
export function meterChatModel(model: ChatModel, limits: MeterLimits, usage: LlmUsage): ChatModel {
  let spent = 0;
  let reserved = 0;
  const count = (text: string): number => model.countTokens(text);

  const plan = (request: ChatRequest): Plan => {
    const inputEstimate = countMessageTokens(request.messages, count);
    const perCall = limits.maxTokensPerCall ?? Infinity;
    const perQuestion = limits.maxTokensPerQuestion ?? Infinity;
    const callRoom = perCall - inputEstimate;
    const questionRoom = perQuestion - spent - reserved - inputEstimate;
    if (callRoom < 1) {
      throw new PecanError("E_BUDGET", `a call of ${inputEstimate} input tokens leaves no room under the per-call cap of ${perCall} tokens`);
    }
    if (questionRoom < 1) {
      throw new PecanError(
        "E_BUDGET",
        `a call of ${inputEstimate} input tokens does not fit the ${perQuestion - spent - reserved} tokens left of the per-question cap of ${perQuestion}`,
      );
    }
    const maxOut = Math.min(request.maxTokens ?? Infinity, callRoom, questionRoom);
    const reservation = inputEstimate + (Number.isFinite(maxOut) ? maxOut : 0);
    reserved += reservation;
    return { inputEstimate, maxOut, reservation };
  };

  const settle = (p: Plan, tokens: TokenUsage | undefined, failed: boolean): void => {
    reserved -= p.reservation;
    if (tokens === undefined) {
      if (failed) usage.llmCalls += 1;
      return;
    }
    spent += tokens.inputTokens + tokens.outputTokens;
    usage.llmCalls += 1;
    usage.llmTokensIn += tokens.inputTokens;
    usage.llmTokensOut += tokens.outputTokens;
  };

  const requestWith = (request: ChatRequest, p: Plan): ChatRequest =>
    Number.isFinite(p.maxOut) ? { ...request, maxTokens: p.maxOut } : request;

  return {
    specVersion: model.specVersion,
    id: model.id,
    countTokens: count,

    async chat(request: ChatRequest): Promise<ChatResponse> {
      const p = plan(request);
      let response: ChatResponse;
      try {
        response = await model.chat(requestWith(request, p));
      } catch (error) {
        settle(p, undefined, error instanceof ProviderError);
        throw error;
      }
      const capped = capResponse(response, p.maxOut, count);
      settle(p, capped.usage, false);
      return capped;
    },

    async *stream(request: ChatRequest): AsyncGenerator<ChatStreamPart> {
      const p = plan(request);
      let text = "";
      let upper = 0;
      let finish: Extract<ChatStreamPart, { type: "finish" }> | undefined;
      let truncated = false;
      let settled = false;
      try {
        for await (const part of model.stream(requestWith(request, p))) {
          if (part.type === "finish") {
            finish = part;
            continue;
          }
          // Cheap running bound first; an exact count only near the cap.
          upper += count(part.text);
          if (Number.isFinite(p.maxOut) && upper > p.maxOut) {
            const whole = text + part.text;
            const exact = count(whole);
            upper = exact;
            if (exact > p.maxOut) {
              const kept = truncateToTokens(whole, p.maxOut, count);
              const delta = kept.slice(text.length);
              text = kept;
              truncated = true;
              if (delta !== "") yield { type: "text-delta", text: delta };
              break;
            }
          }
          text += part.text;
          yield part;
        }
        const tokens = {
          inputTokens: finish?.usage.inputTokens ?? p.inputEstimate,
          outputTokens: truncated ? p.maxOut : Math.min(finish?.usage.outputTokens ?? count(text), p.maxOut),
        };
        const finishReason: FinishReason = truncated ? "length" : (finish?.finishReason ?? "stop");
        settled = true;
        settle(p, tokens, false);
        const logprobs = finish?.logprobs;
        yield {
          type: "finish",
          finishReason,
          usage: tokens,
          ...(logprobs !== undefined ? { logprobs: Number.isFinite(p.maxOut) ? logprobs.slice(0, p.maxOut) : logprobs } : {}),
        };
      } catch (error) {
        if (!settled) {
          settled = true;
          settle(p, undefined, error instanceof ProviderError);
        }
        throw error;
      } finally {
        // The consumer stopped early: count what was produced.
        if (!settled) settle(p, { inputTokens: p.inputEstimate, outputTokens: Math.min(count(text), p.maxOut) }, false);
      }
    },
  };
}

/** A response cut to `maxOut` output tokens and counted at most at `maxOut`. */
function capResponse(response: ChatResponse, maxOut: number, count: (text: string) => number): ChatResponse {
  if (!Number.isFinite(maxOut)) return response;
  // The provider's own count decides (it knows its tokenizer); within the cap the text stays whole.
  if (response.usage.outputTokens <= maxOut) return response;
  const text = truncateToTokens(response.text, maxOut, count);
  return {
    ...response,
    text,
    finishReason: "length",
    usage: { inputTokens: response.usage.inputTokens, outputTokens: maxOut },
    ...(response.logprobs !== undefined ? { logprobs: response.logprobs.slice(0, maxOut) } : {}),
  };
}

/**
 * Wraps `embedder` so that every call adds one call and its input tokens to `usage`.
 * @example const metered = meterEmbedder(embedder, usage);
 */
export function meterEmbedder(embedder: Embedder, usage: LlmUsage): Embedder {
  return {
    specVersion: embedder.specVersion,
    id: embedder.id,
    get dimensions() {
      return embedder.dimensions;
    },
    async embed(request: EmbedRequest): Promise<EmbedResponse> {
      try {
        const response = await embedder.embed(request);
        usage.llmCalls += 1;
        usage.llmTokensIn += response.usage.inputTokens;
        usage.llmTokensOut += response.usage.outputTokens;
        return response;
      } catch (error) {
        if (error instanceof ProviderError) usage.llmCalls += 1;
        throw error;
      }
    },
  };
}
