import { afterEach, describe, expect, it } from "vitest";
import type { ProviderError } from "../core/errors.js";
import { startOpenAIFakeServer, type OpenAIFakeServer } from "../testing/openai-fake-server.js";
import { OLLAMA_HINTS, createOllama, ollamaBaseURL } from "./ollama.js";

const question = [{ role: "user" as const, content: "hi" }];
const noSleep = () => Promise.resolve();

let server: OpenAIFakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    return error as ProviderError;
  }
  throw new Error("expected a failure");
}

describe("createOllama", () => {
  it("talks to Ollama's /v1 endpoint without an API key", async () => {
    server = await startOpenAIFakeServer({ models: ["llama3.2"], reply: () => "hello" });
    const { chat, embedder } = createOllama({ model: "llama3.2", baseURL: server.origin, env: { OPENAI_API_KEY: "sk-must-not-leak-123" } });
    expect(chat.id).toBe("ollama:llama3.2");
    expect((await chat.chat({ messages: question })).text).toBe("hello");
    expect((await embedder.embed({ texts: ["a"] })).vectors).toHaveLength(1);
    expect(server.requests[0]?.path).toBe("/v1/chat/completions");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("reads OLLAMA_HOST", async () => {
    server = await startOpenAIFakeServer();
    const { chat } = createOllama({ model: "m", env: { OLLAMA_HOST: server.origin.replace("http://", "") } });
    expect((await chat.chat({ messages: question })).text).toBe("ok");
  });

  it("says to pull a model the server does not have", async () => {
    server = await startOpenAIFakeServer({ models: ["llama3.2"], notFoundStyle: "ollama" });
    const { chat } = createOllama({ model: "qwen2.5:7b", baseURL: server.url, sleep: noSleep });
    const error = await failure(chat.chat({ messages: question }));
    expect([error.code, error.status, error.isRetryable]).toEqual(["E_PROVIDER_UNAVAILABLE", 404, false]);
    expect(error.message).toContain(OLLAMA_HINTS.modelNotFound("qwen2.5:7b"));
    expect(server.requests).toHaveLength(1);
  });

  it("says to start the server when nothing listens", async () => {
    const closed = await startOpenAIFakeServer();
    await closed.close();
    const { chat } = createOllama({ model: "m", baseURL: closed.origin, sleep: noSleep, maxRetries: 1 });
    const error = await failure(chat.chat({ messages: question }));
    expect(error.code).toBe("E_PROVIDER_UNAVAILABLE");
    expect(error.message).toContain(OLLAMA_HINTS.unreachable);
  });
});

describe("ollamaBaseURL", () => {
  it("reads hosts the way Ollama does", () => {
    expect(ollamaBaseURL("")).toBe("http://127.0.0.1:11434");
    expect(ollamaBaseURL("0.0.0.0")).toBe("http://127.0.0.1:11434");
    expect(ollamaBaseURL("0.0.0.0:9999")).toBe("http://127.0.0.1:9999");
    expect(ollamaBaseURL("gpu-box:11434")).toBe("http://gpu-box:11434");
    expect(ollamaBaseURL("https://ollama.example.test")).toBe("https://ollama.example.test");
    expect(ollamaBaseURL("http://127.0.0.1:11434/")).toBe("http://127.0.0.1:11434");
  });
});
