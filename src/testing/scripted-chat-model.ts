/**
 * A recording, scripted chat model for tests: it answers from a script and records every call.
 * A test double for the outside world (a model), never for Pecan's own code.
 */
import {
  LLM_SPEC_VERSION,
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamPart,
} from "../llm/spec.js";

export type ScriptStep = string | ChatResponse | Error;
export type Script = readonly ScriptStep[] | ((request: ChatRequest, index: number) => ScriptStep);

/** Rough token count for the double: one token per 4 characters, at least 1 for non-empty text. */
function roughTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

export class ScriptedChatModel implements ChatModel {
  readonly specVersion = LLM_SPEC_VERSION;
  readonly id: string;
  /** Every request, in order. */
  readonly calls: ChatRequest[] = [];
  private readonly script: Script;

  constructor(script: Script, options: { id?: string } = {}) {
    this.script = script;
    this.id = options.id ?? "scripted";
  }

  countTokens(text: string): number {
    return roughTokens(text);
  }

  private next(request: ChatRequest): ChatResponse {
    const index = this.calls.length;
    this.calls.push(request);
    const step = typeof this.script === "function" ? this.script(request, index) : this.script[index];
    if (step === undefined) throw new Error(`scripted model has no step ${index}`);
    if (step instanceof Error) throw step;
    if (typeof step !== "string") return step;
    const input = request.messages.reduce((n, m) => n + roughTokens(m.content), 0);
    return { text: step, finishReason: "stop", usage: { inputTokens: input, outputTokens: roughTokens(step) } };
  }

  chat(request: ChatRequest): Promise<ChatResponse> {
    if (request.signal?.aborted) return Promise.reject(request.signal.reason as Error);
    try {
      return Promise.resolve(this.next(request));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamPart> {
    const response = this.next(request);
    for (const piece of response.text.match(/\S+\s*|\s+/g) ?? []) {
      yield { type: "text-delta", text: piece };
    }
    yield { type: "finish", finishReason: response.finishReason, usage: response.usage };
  }
}
