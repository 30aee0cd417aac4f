/**
 * Ollama through its OpenAI-compatible endpoint (`<host>/v1`, github.com/ollama/ollama
 * docs/openai.md): the same client as OpenAI, with Ollama's host conventions and errors that
 * say what to do when the server is not running or the model is not pulled.
 */
import { createOpenAICompatible, type OpenAICompatibleProvider } from "./openai-compatible.js";
import type { ProviderHints } from "./provider-errors.js";

/** Named defaults for Ollama. A first call may load the model from disk: the timeout is longer. */
export const DEFAULT_OLLAMA = {
  baseURL: "http://127.0.0.1:11434",
  timeoutMs: 120_000,
  maxRetries: 2,
  concurrency: 4,
} as const;

/** The advice Ollama's errors carry. */
export const OLLAMA_HINTS: Required<Pick<ProviderHints, "unreachable" | "modelNotFound">> = {
  unreachable: "is `ollama serve` running? (set OLLAMA_HOST if it listens elsewhere)",
  modelNotFound: (model: string) => `run \`ollama pull ${model}\``,
};

export interface OllamaOptions {
  /** The model's Ollama name, e.g. `llama3.2` or `qwen2.5:7b`. */
  readonly model: string;
  /** Embedding model name (e.g. `nomic-embed-text`); default `model`. */
  readonly embeddingModel?: string;
  /** Ollama's address; default `OLLAMA_HOST`, else `http://127.0.0.1:11434`. */
  readonly baseURL?: string;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly concurrency?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  /** Where `OLLAMA_HOST` is read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * An Ollama address as Ollama itself reads `OLLAMA_HOST`: a scheme and port are optional,
 * and `0.0.0.0` (listen everywhere) is reached at 127.0.0.1.
 * @example ollamaBaseURL("0.0.0.0") // "http://127.0.0.1:11434"
 */
export function ollamaBaseURL(host: string): string {
  let text = host.trim();
  if (text === "") return DEFAULT_OLLAMA.baseURL;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  try {
    const url = new URL(text);
    if (url.hostname === "0.0.0.0" || url.hostname === "") url.hostname = "127.0.0.1";
    if (url.port === "" && url.protocol === "http:" && !/:\d+/.test(text.replace(/^[a-z]+:\/\//i, ""))) url.port = "11434";
    return url.toString().replace(/\/+$/, "");
  } catch {
    return text;
  }
}

/**
 * Creates a chat model and an embedder served by Ollama. No API key is sent.
 * @example
 * const { chat } = createOllama({ model: "llama3.2" });
 */
export function createOllama(options: OllamaOptions): OpenAICompatibleProvider {
  const env = options.env ?? process.env;
  const host = options.baseURL ?? (env.OLLAMA_HOST !== undefined && env.OLLAMA_HOST.trim() !== "" ? env.OLLAMA_HOST : DEFAULT_OLLAMA.baseURL);
  return createOpenAICompatible({
    baseURL: ollamaBaseURL(host),
    model: options.model,
    ...(options.embeddingModel !== undefined ? { embeddingModel: options.embeddingModel } : {}),
    timeoutMs: options.timeoutMs ?? DEFAULT_OLLAMA.timeoutMs,
    maxRetries: options.maxRetries ?? DEFAULT_OLLAMA.maxRetries,
    concurrency: options.concurrency ?? DEFAULT_OLLAMA.concurrency,
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    ...(options.random !== undefined ? { random: options.random } : {}),
    // Never forward OPENAI_API_KEY to another server.
    env: {},
    provider: "ollama",
    hints: OLLAMA_HINTS,
  });
}
