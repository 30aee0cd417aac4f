/**
 * Generation with a local GGUF model (node-llama-cpp 3.21.1): the chat is formatted with the
 * model's own template (`resolveChatWrapper`) and generated token by token on one context
 * sequence, which gives exact token counts, the probabilities of the first output token,
 * stop strings and triggers handled without emitting them, and cancellation between tokens.
 */
import type * as NodeLlamaCpp from "node-llama-cpp";
import { PecanError, ProviderError } from "../core/errors.js";
import { abortedError, type Semaphore } from "./semaphore.js";
import type { ChatMessage, ChatRequest, ChatStreamPart, FinishReason, TokenLogprob } from "./spec.js";

type Token = NodeLlamaCpp.Token;

/** What generation needs of a loaded model. */
export interface Loaded {
  readonly model: NodeLlamaCpp.LlamaModel;
  readonly sequence: NodeLlamaCpp.LlamaContextSequence;
  readonly wrapper: NodeLlamaCpp.ChatWrapper;
  readonly gate: Semaphore;
  readonly contextSize: number;
}

function history(messages: readonly ChatMessage[]): NodeLlamaCpp.ChatHistoryItem[] {
  const items: NodeLlamaCpp.ChatHistoryItem[] = messages.map((m) =>
    m.role === "system"
      ? { type: "system", text: m.content }
      : m.role === "user"
        ? { type: "user", text: m.content }
        : { type: "model", response: [m.content] },
  );
  // The reply to generate: an open model turn.
  items.push({ type: "model", response: [] });
  return items;
}

/** Generates one reply, yielding text deltas and a finish part; holds the sequence meanwhile. */
export async function* generate(loaded: Loaded, request: ChatRequest, id: string): AsyncGenerator<ChatStreamPart> {
  const { model, sequence, wrapper, gate, contextSize } = loaded;
  const release = await gate.acquire(request.signal);
  try {
    await sequence.clearHistory();
    const state = wrapper.generateContextState({ chatHistory: history(request.messages) });
    const input = state.contextText.tokenize(model.tokenizer);
    if (input.length >= contextSize) {
      throw new ProviderError(`${id}: a prompt of ${input.length} tokens does not fit the context of ${contextSize}`, {
        isRetryable: false,
      });
    }
    const room = contextSize - input.length;
    const maxOut = Math.max(0, Math.min(request.maxTokens ?? room, room));
    const triggers = state.stopGenerationTriggers.map((t) => t.tokenize(model.tokenizer)).filter((t) => t.length > 0);
    const stops = (request.stop ?? []).filter((s) => s.length > 0);
    const holdBack = stops.reduce((n, s) => Math.max(n, s.length - 1), 0);
    // EOG tokens are yielded so that a natural end reads as "stop", not as running out.
    const evalOptions = { temperature: request.temperature ?? 0, yieldEogToken: true };

    const generated: Token[] = [];
    const logprobs: TokenLogprob[] = [];
    let emitted = 0;
    let text = "";
    // The generator ending by itself (no EOG seen) is a natural end too.
    let finish: FinishReason = "stop";

    const tokens = nextTokens(loaded, input, evalOptions, request.topLogprobs, logprobs);
    if (maxOut === 0) finish = "length";
    else for await (const token of tokens) {
      if (request.signal?.aborted) throw abortedError(request.signal);
      if (model.isEogToken(token)) break;
      generated.push(token);
      const trigger = triggers.find((t) => endsWith(generated, t));
      if (trigger !== undefined) {
        generated.splice(generated.length - trigger.length);
        text = model.detokenize(generated);
        break;
      }
      text = model.detokenize(generated);
      const stopAt = firstStop(text, stops, Math.max(0, emitted - holdBack));
      if (stopAt >= 0) {
        text = text.slice(0, stopAt);
        break;
      }
      if (generated.length >= maxOut) {
        finish = "length";
        break;
      }
      // Hold back an unfinished UTF-8 character, what could start a stop string, and the
      // tokens that could start a stop trigger.
      let safe = text.length - Math.max(holdBack, text.endsWith("\uFFFD") ? 1 : 0);
      const partial = partialTrigger(generated, triggers);
      if (partial > 0) safe = Math.min(safe, model.detokenize(generated.slice(0, generated.length - partial)).length);
      if (safe > emitted) {
        yield { type: "text-delta", text: text.slice(emitted, safe) };
        emitted = safe;
      }
    }
    if (text.length > emitted) yield { type: "text-delta", text: text.slice(emitted) };
    yield {
      type: "finish",
      finishReason: finish,
      usage: { inputTokens: input.length, outputTokens: generated.length },
      ...(request.topLogprobs !== undefined && logprobs.length > 0 ? { logprobs } : {}),
    };
  } catch (error) {
    if (error instanceof PecanError) throw error;
    throw new ProviderError(`${id}: generation failed`, { isRetryable: false, cause: error });
  } finally {
    release();
  }
}

/**
 * The generated tokens. With `topLogprobs`, the first token comes with the probabilities of
 * the whole vocabulary (pushed to `logprobs`), the rest without (they are costly).
 */
async function* nextTokens(
  loaded: Loaded,
  input: Token[],
  evalOptions: { temperature: number; yieldEogToken: boolean },
  topLogprobs: number | undefined,
  logprobs: TokenLogprob[],
): AsyncGenerator<Token> {
  const { model, sequence } = loaded;
  let pending = input;
  if (topLogprobs !== undefined) {
    const first = sequence.evaluateWithMetadata(input, { probabilities: true }, evalOptions);
    const step = await first.next();
    await first.return();
    if (step.done === true) return;
    const { token, probabilities } = step.value;
    const top: { token: string; logprob: number }[] = [];
    for (const [candidate, p] of probabilities) {
      if (top.length >= topLogprobs) break;
      top.push({ token: model.detokenize([candidate], true), logprob: Math.log(p) });
    }
    logprobs.push({ token: model.detokenize([token], true), logprob: Math.log(probabilities.get(token) ?? 0), top });
    yield token;
    pending = [token];
  }
  for await (const token of sequence.evaluate(pending, evalOptions)) yield token;
}

function endsWith(tokens: readonly Token[], tail: readonly Token[]): boolean {
  if (tail.length > tokens.length) return false;
  for (let i = 1; i <= tail.length; i++) if (tokens[tokens.length - i] !== tail[tail.length - i]) return false;
  return true;
}

/** The longest proper prefix of any trigger that the generated tokens end with. */
function partialTrigger(tokens: readonly Token[], triggers: readonly Token[][]): number {
  let best = 0;
  for (const trigger of triggers) {
    for (let k = Math.min(trigger.length - 1, tokens.length); k > best; k--) {
      if (endsWith(tokens, trigger.slice(0, k))) {
        best = k;
        break;
      }
    }
  }
  return best;
}

function firstStop(text: string, stops: readonly string[], from: number): number {
  let best = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop, from);
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  return best;
}
