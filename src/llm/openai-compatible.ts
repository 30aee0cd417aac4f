/**
 * The OpenAI-compatible provider: `/chat/completions` (plain and streamed as Server-Sent
 * Events), `/embeddings`, log-probabilities when asked. Works with OpenAI, vLLM, llama.cpp
 * server, LM Studio and Ollama. Usage is always reported: from the server, else counted
 * locally with o200k. Wire format: platform.openai.com/docs/api-reference/chat.
 */
import { ProviderError, UsageError } from "../core/errors.js";
import { requireApiKey } from "./api-key.js";
import { countMessageTokens, countTextTokens } from "./count-tokens.js";
import { HttpTransport, type OpenAttempt } from "./http-transport.js";
import { malformedResponse, parseJsonOrFail, type CallContext, type ProviderHints } from "./provider-errors.js";
import { OpenAIEmbedder } from "./openai-embedder.js";
import {
  ChatChunkSchema,
  ChatCompletionSchema,
  chatRequestBody,
  contentText,
  finishReasonOf,
  logprobsOf,
  type MaxTokensField,
} from "./openai-wire.js";
import { parseSse } from "./sse.js";
import {
  LLM_SPEC_VERSION,
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamPart,
  type Embedder,
  type FinishReason,
  type TokenLogprob,
} from "./spec.js";
import { pushAll } from "../core/arrays.js";

/** Named defaults of the OpenAI-compatible provider. */
export const DEFAULT_OPENAI = {
  baseURL: "https://api.openai.com/v1",
  timeoutMs: 60_000,
  maxRetries: 3,
  concurrency: 4,
  embeddingBatchSize: 256,
} as const;

/** Options of {@link createOpenAICompatible}. Unset values come from `env`, then defaults. */
export interface OpenAICompatibleOptions {
  /** With or without the trailing `/v1`; default `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  readonly baseURL?: string;
  /** Default `OPENAI_API_KEY`. Sent as a Bearer token; never printed. Required unless the server is local or private (api-key.ts). */
  readonly apiKey?: string;
  /** The variable a missing key should be set in, named in the E_CONFIG error; default `OPENAI_API_KEY`. */
  readonly apiKeyEnv?: string;
  /** The chat model's name on the server. */
  readonly model: string;
  /** The embedding model's name; default `model`. */
  readonly embeddingModel?: string;
  /** Per attempt (idle time for streams). Default 60 000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  readonly maxRetries?: number;
  /** Requests in flight at once, chat and embeddings together. Default 4. */
  readonly concurrency?: number;
  readonly fetch?: typeof fetch;
  /** Extra headers (their values are treated as secrets). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Waits between retries (tests pass a fast one). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source, default `Math.random`. */
  readonly random?: () => number;
  /** Where `OPENAI_BASE_URL` / `OPENAI_API_KEY` are read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Prefix of the model ids, default `openai`. */
  readonly provider?: string;
  /** Advice added to errors. */
  readonly hints?: ProviderHints;
  /** Texts per embeddings request. Default 256. */
  readonly embeddingBatchSize?: number;
  /** Default `max_tokens`; newer OpenAI reasoning models want `max_completion_tokens`. */
  readonly maxTokensField?: MaxTokensField;
}

/** A chat model and an embedder sharing one connection limit. */
export interface OpenAICompatibleProvider {
  readonly chat: ChatModel;
  readonly embedder: Embedder;
}

/**
 * A base URL with the API root: `http://host:8000` becomes `http://host:8000/v1`; a URL with
 * any path (`.../v1`, `.../api/v1`, `.../v1beta/openai`) is kept as given. Trailing `/` dropped.
 * @example normalizeBaseURL("http://127.0.0.1:11434/") // "http://127.0.0.1:11434/v1"
 */
export function normalizeBaseURL(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (cause) {
    throw new UsageError(`base URL is not a valid URL`, { code: "E_CONFIG", cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`base URL must start with http:// or https://`, { code: "E_CONFIG" });
  }
  const path = url.pathname.replace(/\/+$/, "");
  url.pathname = path === "" ? "/v1" : path;
  return url.toString().replace(/\/+$/, "");
}

/**
 * Creates an OpenAI-compatible chat model and embedder.
 * @example
 * const { chat } = createOpenAICompatible({ model: "gpt-4o-mini" });
 * const reply = await chat.chat({ messages: [{ role: "user", content: "Say yes" }], maxTokens: 3 });
 */
export function createOpenAICompatible(options: OpenAICompatibleOptions): OpenAICompatibleProvider {
  const env = options.env ?? process.env;
  const provider = options.provider ?? "openai";
  if (options.model.trim() === "") throw new UsageError(`${provider}: the model name is empty`, { code: "E_CONFIG" });
  const apiKey = options.apiKey ?? nonEmpty(env.OPENAI_API_KEY);
  const baseURL = normalizeBaseURL(options.baseURL ?? nonEmpty(env.OPENAI_BASE_URL) ?? DEFAULT_OPENAI.baseURL);
  // Ollama takes no key; any other server that is not local or private needs one, said now rather than after retries.
  if (provider !== "ollama") requireApiKey(baseURL, apiKey, options.apiKeyEnv);
  const transport = new HttpTransport({
    baseURL,
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(options.headers !== undefined ? { headers: options.headers } : {}),
    provider,
    hints: options.hints ?? { unauthorized: "check the key in OPENAI_API_KEY" },
    timeoutMs: positive(options.timeoutMs, DEFAULT_OPENAI.timeoutMs, "timeoutMs"),
    maxRetries: nonNegative(options.maxRetries, DEFAULT_OPENAI.maxRetries, "maxRetries"),
    concurrency: positive(options.concurrency, DEFAULT_OPENAI.concurrency, "concurrency"),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
  });
  const chat = new OpenAIChatModel(transport, options.model, `${provider}:${options.model}`, options.maxTokensField);
  const embeddingModel = options.embeddingModel ?? options.model;
  const embedder = new OpenAIEmbedder(
    transport,
    embeddingModel,
    `${provider}:${embeddingModel}`,
    positive(options.embeddingBatchSize, DEFAULT_OPENAI.embeddingBatchSize, "embeddingBatchSize"),
  );
  return { chat, embedder };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function positive(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`${name} must be a positive integer`, { code: "E_CONFIG" });
  return v;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 0) throw new UsageError(`${name} must be a non-negative integer`, { code: "E_CONFIG" });
  return v;
}

class OpenAIChatModel implements ChatModel {
  readonly specVersion = LLM_SPEC_VERSION;
  readonly id: string;

  constructor(
    private readonly transport: HttpTransport,
    private readonly model: string,
    id: string,
    private readonly maxTokensField: MaxTokensField | undefined,
  ) {
    this.id = id;
  }

  countTokens(text: string): number {
    return countTextTokens(text);
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const ctx = this.transport.context("/chat/completions", this.model);
    const body = chatRequestBody(this.model, request, { stream: false, maxTokensField: this.maxTokensField });
    const parse = (text: string): ChatResponse => {
      const parsed = ChatCompletionSchema.safeParse(parseJsonOrFail(text, ctx));
      if (!parsed.success) throw malformedResponse(ctx, "JSON without choices");
      const choice = parsed.data.choices[0];
      const out = contentText(choice?.message?.content);
      const usage = parsed.data.usage;
      const logprobs = logprobsOf(choice?.logprobs ?? null);
      return {
        text: out,
        finishReason: finishReasonOf(choice?.finish_reason),
        usage: {
          inputTokens: usage?.prompt_tokens ?? countMessageTokens(request.messages),
          outputTokens: usage?.completion_tokens ?? countTextTokens(out),
        },
        ...(request.topLogprobs !== undefined && logprobs.length > 0 ? { logprobs } : {}),
      };
    };
    return this.transport.json("/chat/completions", body, this.model, parse, request.signal);
  }

  async *stream(request: ChatRequest): AsyncGenerator<ChatStreamPart> {
    const ctx = this.transport.context("/chat/completions", this.model);
    const body = chatRequestBody(this.model, request, { stream: true, maxTokensField: this.maxTokensField });
    let yielded = false;
    for (let attempt = 0; ; attempt++) {
      let open: OpenAttempt | undefined;
      try {
        open = await this.transport.open("/chat/completions", body, this.model, request.signal, true);
        let text = "";
        let finish: FinishReason | undefined;
        let inputTokens: number | undefined;
        let outputTokens: number | undefined;
        const logprobs: TokenLogprob[] = [];
        let done = false;
        const events = open.response.body;
        if (events === null) throw malformedResponse(ctx, "an empty body");
        const current = open;
        try {
          for await (const event of parseSse(events, () => current.touch())) {
            if (event.data.trim() === "[DONE]") {
              done = true;
              break;
            }
            const chunk = ChatChunkSchema.safeParse(parseJsonOrFail(event.data, ctx));
            if (!chunk.success) throw streamedError(event.data, ctx);
            const choice = chunk.data.choices?.[0];
            const delta = contentText(choice?.delta?.content);
            if (choice?.finish_reason) finish = finishReasonOf(choice.finish_reason);
            pushAll(logprobs, logprobsOf(choice?.logprobs ?? null));
            inputTokens = chunk.data.usage?.prompt_tokens ?? inputTokens;
            outputTokens = chunk.data.usage?.completion_tokens ?? outputTokens;
            if (delta !== "") {
              text += delta;
              yielded = true;
              yield { type: "text-delta", text: delta };
            }
          }
        } catch (thrown) {
          throw current.fail(thrown);
        }
        if (!done && finish === undefined) {
          throw new ProviderError(`${ctx.provider}: the stream from ${ctx.endpoint} ended before the answer was complete`, {
            isRetryable: true,
          });
        }
        yield {
          type: "finish",
          finishReason: finish ?? "stop",
          usage: {
            inputTokens: inputTokens ?? countMessageTokens(request.messages),
            outputTokens: outputTokens ?? countTextTokens(text),
          },
          ...(request.topLogprobs !== undefined && logprobs.length > 0 ? { logprobs } : {}),
        };
        return;
      } catch (error) {
        await this.transport.afterFailure(error, attempt, request.signal, !yielded);
      } finally {
        open?.close();
      }
    }
  }
}

/** An `{ error }` object sent inside a stream, or garbage. */
function streamedError(data: string, ctx: CallContext): ProviderError {
  try {
    const value = JSON.parse(data) as { error?: { message?: unknown } | string };
    if (value.error !== undefined) {
      const message = typeof value.error === "string" ? value.error : String(value.error.message ?? "error");
      return new ProviderError(`${ctx.provider}: the stream from ${ctx.endpoint} reported an error: ${message.slice(0, 300)}`, {
        isRetryable: true,
      });
    }
  } catch {
    // Fall through.
  }
  return malformedResponse(ctx, "a stream chunk without choices");
}
