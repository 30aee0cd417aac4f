/**
 * A local GGUF model inside the Node process through node-llama-cpp 3.21.1 (llama.cpp
 * bindings, CPU prebuilt binaries; never downloads or builds). The module is imported only
 * when a GGUF model is configured, so Pecan installs and runs without it. Generation itself
 * is in gguf-generate.ts; embeddings use a LlamaEmbeddingContext created on first use.
 */
import { open } from "node:fs/promises";
import type * as NodeLlamaCpp from "node-llama-cpp";
import { PecanError, ProviderError, UsageError } from "../core/errors.js";
import { generate } from "./gguf-generate.js";
import { Semaphore, abortedError } from "./semaphore.js";
import {
  LLM_SPEC_VERSION,
  type ChatModel,
  type ChatRequest,
  type ChatResponse,
  type ChatStreamPart,
  type EmbedRequest,
  type EmbedResponse,
  type Embedder,
} from "./spec.js";

type Module = typeof NodeLlamaCpp;

/** Named defaults of the local provider. */
export const DEFAULT_GGUF = {
  /** Capped by the model's training context. */
  contextSize: 4096,
  embeddingContextSize: 2048,
  gpu: false,
} as const;

export interface GgufModelOptions {
  /** Path of the `.gguf` file. */
  readonly modelPath: string;
  /** Tokens of the chat context; default 4096, capped by the model's training context. */
  readonly contextSize?: number;
  /** Tokens of the embedding context; default 2048, capped likewise. */
  readonly embeddingContextSize?: number;
  /** Use a GPU when node-llama-cpp finds one. Default false: CPU only. */
  readonly gpu?: boolean;
  /** CPU threads of the contexts; default node-llama-cpp's choice (all cores). Use 1 on a busy machine. */
  readonly threads?: number;
  /**
   * How node-llama-cpp is imported (tests pass a failing one). Default `import("node-llama-cpp")`.
   * Typed `unknown` so Pecan's declarations never name the optional package's types.
   */
  readonly loadModule?: () => Promise<unknown>;
}

/** A loaded local model: chat, embeddings, its tokenizer, and native memory to free. */
export interface GgufModel {
  readonly chat: ChatModel;
  readonly embedder: Embedder;
  /** Tokens of a text with the model's own tokenizer. */
  countTokens(text: string): number;
  /** Frees the model and its contexts. */
  dispose(): Promise<void>;
}

const GGUF_MAGIC = "GGUF";

async function checkFile(modelPath: string): Promise<void> {
  let handle;
  try {
    handle = await open(modelPath, "r");
  } catch (cause) {
    throw new UsageError(`gguf: cannot read the model file ${modelPath}`, { code: "E_CONFIG", cause });
  }
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead < 4 || buffer.toString("latin1") !== GGUF_MAGIC) {
      throw new UsageError(`gguf: ${modelPath} is not a GGUF model file`, { code: "E_CONFIG" });
    }
  } finally {
    await handle.close();
  }
}

async function importModule(load: () => Promise<unknown>): Promise<Module> {
  try {
    return (await load()) as Module;
  } catch (cause) {
    throw new ProviderError(
      "gguf: the optional package node-llama-cpp is not installed (run `npm install node-llama-cpp@3.21.1`)",
      { isRetryable: false, code: "E_PROVIDER_UNAVAILABLE", cause },
    );
  }
}

/**
 * Loads a GGUF model for chat, token counting and embeddings.
 * @example
 * const local = await createGgufModel({ modelPath: "/models/qwen2.5-0.5b-instruct-q4_k_m.gguf" });
 * const reply = await local.chat.chat({ messages: [{ role: "user", content: "Hi" }], maxTokens: 20 });
 * await local.dispose();
 */
export async function createGgufModel(options: GgufModelOptions): Promise<GgufModel> {
  await checkFile(options.modelPath);
  const mod = await importModule(options.loadModule ?? (() => import("node-llama-cpp")));
  let llama: NodeLlamaCpp.Llama;
  try {
    llama = await mod.getLlama({
      gpu: options.gpu === true ? "auto" : false,
      build: "never",
      skipDownload: true,
      progressLogs: false,
      logLevel: mod.LlamaLogLevel.error,
    });
  } catch (cause) {
    throw new ProviderError("gguf: no usable llama.cpp binary for this machine in node-llama-cpp", {
      isRetryable: false,
      code: "E_PROVIDER_UNAVAILABLE",
      cause,
    });
  }
  let model: NodeLlamaCpp.LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: options.modelPath, gpuLayers: options.gpu === true ? "auto" : 0 });
  } catch (cause) {
    throw new ProviderError(`gguf: llama.cpp cannot load ${options.modelPath}`, {
      isRetryable: false,
      code: "E_PROVIDER_UNAVAILABLE",
      cause,
    });
  }
  const trainContext = model.trainContextSize;
  const contextSize = Math.min(options.contextSize ?? DEFAULT_GGUF.contextSize, trainContext);
  const threads = options.threads !== undefined ? { threads: options.threads } : {};
  const context = await model.createContext({ contextSize, sequences: 1, ...threads });
  const sequence = context.getSequence();
  const wrapper = mod.resolveChatWrapper(model);
  const gate = new Semaphore(1);
  const countTokens = (text: string): number => (text.length === 0 ? 0 : model.tokenize(text, false).length);
  const id = `gguf:${options.modelPath}`;
  let embedding: NodeLlamaCpp.LlamaEmbeddingContext | undefined;

  const generation = (request: ChatRequest): AsyncGenerator<ChatStreamPart> =>
    generate({ model, sequence, wrapper, gate, contextSize }, request, id);

  const chat: ChatModel = {
    specVersion: LLM_SPEC_VERSION,
    id,
    countTokens,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      let text = "";
      for await (const part of generation(request)) {
        if (part.type === "text-delta") {
          text += part.text;
          continue;
        }
        return { text, finishReason: part.finishReason, usage: part.usage, ...(part.logprobs ? { logprobs: part.logprobs } : {}) };
      }
      throw new PecanError("E_INTERNAL", "gguf: generation ended without a finish");
    },
    stream: generation,
  };

  const embedder: Embedder = {
    specVersion: LLM_SPEC_VERSION,
    id,
    dimensions: model.embeddingVectorSize,
    async embed(request: EmbedRequest): Promise<EmbedResponse> {
      return gate.run(async () => {
        embedding ??= await model.createEmbeddingContext({
          contextSize: Math.min(options.embeddingContextSize ?? DEFAULT_GGUF.embeddingContextSize, trainContext),
          ...threads,
        });
        const vectors: Float32Array[] = [];
        let inputTokens = 0;
        for (const text of request.texts) {
          if (request.signal?.aborted) throw abortedError(request.signal);
          const tokens = model.tokenize(text, false);
          inputTokens += tokens.length;
          try {
            vectors.push(Float32Array.from((await embedding.getEmbeddingFor(tokens)).vector));
          } catch (cause) {
            throw new ProviderError(`gguf: cannot embed a text of ${tokens.length} tokens`, { isRetryable: false, cause });
          }
        }
        return { vectors, usage: { inputTokens, outputTokens: 0 } };
      }, request.signal);
    },
  };

  return {
    chat,
    embedder,
    countTokens,
    async dispose() {
      await embedding?.dispose();
      await context.dispose();
      await model.dispose();
    },
  };
}
