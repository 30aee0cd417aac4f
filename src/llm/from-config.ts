/**
 * From a model spec and the resolved configuration to a ChatModel or Embedder. Only this file
 * (and tests) know the concrete providers; the GGUF runtime is imported only when a `gguf:`
 * spec asks for it.
 */
import type { LlmConfig } from "./config.js";
import { createGgufModel, type GgufModel } from "./gguf.js";
import { parseModelSpec, type ModelSpec } from "./model-spec.js";
import { createOllama } from "./ollama.js";
import { createOpenAICompatible, type OpenAICompatibleProvider } from "./openai-compatible.js";
import type { ChatModel, Embedder } from "./spec.js";

/** Outside-world hooks for tests: a fetch, a fast sleep, a fixed jitter. */
export interface ProviderDeps {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

/** A model with native resources to free (`close` is a no-op for HTTP providers). */
export type Closable<T> = T & { close(): Promise<void> };

function http(spec: Exclude<ModelSpec, { provider: "gguf" }>, config: LlmConfig, deps: ProviderDeps, embeddingModel?: string): OpenAICompatibleProvider {
  const hooks = {
    ...(deps.fetch !== undefined ? { fetch: deps.fetch } : {}),
    ...(deps.sleep !== undefined ? { sleep: deps.sleep } : {}),
    ...(deps.random !== undefined ? { random: deps.random } : {}),
    ...(embeddingModel !== undefined ? { embeddingModel } : {}),
  };
  if (spec.provider === "ollama") {
    const o = config.ollama;
    return createOllama({ model: spec.model, baseURL: o.baseURL, timeoutMs: o.timeoutMs, maxRetries: o.maxRetries, concurrency: o.concurrency, env: {}, ...hooks });
  }
  const o = config.openai;
  return createOpenAICompatible({
    model: spec.model,
    baseURL: o.baseURL,
    ...(o.apiKey !== undefined ? { apiKey: o.apiKey } : {}),
    apiKeyEnv: o.apiKeyEnv,
    timeoutMs: o.timeoutMs,
    maxRetries: o.maxRetries,
    concurrency: o.concurrency,
    env: {},
    ...hooks,
  });
}

function gguf(path: string, config: LlmConfig): Promise<GgufModel> {
  const g = config.gguf;
  return createGgufModel({
    modelPath: path,
    gpu: g.gpu,
    ...(g.contextSize !== undefined ? { contextSize: g.contextSize } : {}),
    ...(g.embeddingContextSize !== undefined ? { embeddingContextSize: g.embeddingContextSize } : {}),
    ...(g.threads !== undefined ? { threads: g.threads } : {}),
  });
}

const noClose = (): Promise<void> => Promise.resolve();

/**
 * The chat model a spec names.
 * @example const chat = await createChatModelFromSpec("ollama:llama3.2", config);
 */
export async function createChatModelFromSpec(spec: ModelSpec | string, config: LlmConfig, deps: ProviderDeps = {}): Promise<Closable<ChatModel>> {
  const s = typeof spec === "string" ? parseModelSpec(spec) : spec;
  if (s.provider === "gguf") {
    const local = await gguf(s.path, config);
    return closableChat(local.chat, () => local.dispose());
  }
  return closableChat(http(s, config, deps).chat, noClose);
}

/**
 * The embedder a spec names.
 * @example const embedder = await createEmbedderFromSpec("openai:text-embedding-3-small", config);
 */
export async function createEmbedderFromSpec(spec: ModelSpec | string, config: LlmConfig, deps: ProviderDeps = {}): Promise<Closable<Embedder>> {
  const s = typeof spec === "string" ? parseModelSpec(spec, "--embed") : spec;
  if (s.provider === "gguf") {
    const local = await gguf(s.path, config);
    return closableEmbedder(local.embedder, () => local.dispose());
  }
  return closableEmbedder(http(s, config, deps, s.model).embedder, noClose);
}

function closableChat(model: ChatModel, close: () => Promise<void>): Closable<ChatModel> {
  return {
    specVersion: model.specVersion,
    id: model.id,
    countTokens: (text) => model.countTokens(text),
    chat: (request) => model.chat(request),
    stream: (request) => model.stream(request),
    close,
  };
}

function closableEmbedder(embedder: Embedder, close: () => Promise<void>): Closable<Embedder> {
  return {
    specVersion: embedder.specVersion,
    id: embedder.id,
    get dimensions() {
      return embedder.dimensions;
    },
    embed: (request) => embedder.embed(request),
    close,
  };
}

/** The configured models; a GGUF file named by both `llm` and `embed` is loaded once. */
export interface ConfiguredModels {
  readonly chat?: ChatModel;
  readonly embedder?: Embedder;
  /** Frees native resources. */
  close(): Promise<void>;
}

/**
 * Creates the chat model and embedder the configuration names (either may be absent).
 * @example const { chat, embedder, close } = await createModelsFromConfig(await loadLlmConfig({ env: process.env }));
 */
export async function createModelsFromConfig(config: LlmConfig, deps: ProviderDeps = {}): Promise<ConfiguredModels> {
  const { llm, embed } = config;
  if (llm?.provider === "gguf" && embed?.provider === "gguf" && llm.path === embed.path) {
    const local = await gguf(llm.path, config);
    return { chat: local.chat, embedder: local.embedder, close: () => local.dispose() };
  }
  const chat = llm !== undefined ? await createChatModelFromSpec(llm, config, deps) : undefined;
  let embedder: Closable<Embedder> | undefined;
  try {
    embedder = embed !== undefined ? await createEmbedderFromSpec(embed, config, deps) : undefined;
  } catch (error) {
    await chat?.close();
    throw error;
  }
  return {
    ...(chat !== undefined ? { chat } : {}),
    ...(embedder !== undefined ? { embedder } : {}),
    close: async () => {
      await chat?.close();
      await embedder?.close();
    },
  };
}
