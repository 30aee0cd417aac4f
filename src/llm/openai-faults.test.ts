import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "../core/errors.js";
import { startOpenAIFakeServer, type FakeFault, type OpenAIFakeServer } from "../testing/openai-fake-server.js";
import { createOpenAICompatible, type OpenAICompatibleOptions } from "./openai-compatible.js";
import type { ChatStreamPart } from "./spec.js";

const KEY = "sk-test-secret-0123456789";
const question = [{ role: "user" as const, content: "Is the sky blue?" }];

let server: OpenAIFakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(faults: FakeFault[], extra: Partial<OpenAICompatibleOptions> = {}, reply = "Yes it is.") {
  server = await startOpenAIFakeServer({ reply: () => reply, faults });
  const sleeps: number[] = [];
  const provider = createOpenAICompatible({
    baseURL: server.url,
    apiKey: KEY,
    model: "m",
    env: {},
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
  return { ...provider, sleeps, server };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError & { code: string }> {
  try {
    await promise;
  } catch (error) {
    return error as ProviderError;
  }
  throw new Error("expected a failure");
}

async function collect(parts: AsyncIterable<ChatStreamPart>, seen: string[] = []): Promise<ChatStreamPart[]> {
  const out: ChatStreamPart[] = [];
  for await (const p of parts) {
    out.push(p);
    if (p.type === "text-delta") seen.push(p.text);
  }
  return out;
}

describe("429 rate limits", () => {
  it("retries without Retry-After using jittered exponential backoff", async () => {
    const t = await setup([{ kind: "status", status: 429 }, { kind: "status", status: 429 }]);
    const reply = await t.chat.chat({ messages: question });
    expect(reply.text).toBe("Yes it is.");
    expect(t.server.requests).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 500 ms, then half of 1000 ms.
    expect(t.sleeps).toEqual([250, 500]);
  });

  it("waits as long as Retry-After says, in seconds", async () => {
    const t = await setup([{ kind: "status", status: 429, retryAfter: "2" }]);
    await t.chat.chat({ messages: question });
    expect(t.sleeps).toEqual([2000]);
  });

  it("reads Retry-After as an HTTP date", async () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    const t = await setup([{ kind: "status", status: 429, retryAfter: at }]);
    await t.chat.chat({ messages: question });
    expect(t.sleeps[0]).toBeGreaterThan(3000);
    expect(t.sleeps[0]).toBeLessThanOrEqual(5000);
  });

  it("caps a very long Retry-After", async () => {
    const t = await setup([{ kind: "status", status: 429, retryAfter: "3600" }]);
    await t.chat.chat({ messages: question });
    expect(t.sleeps).toEqual([60_000]);
  });

  it("gives up after maxRetries with a retryable E_PROVIDER carrying the status", async () => {
    const t = await setup(Array.from({ length: 5 }, () => ({ kind: "status", status: 429 }) as const), { maxRetries: 3 });
    const error = await failure(t.chat.chat({ messages: question }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe("E_PROVIDER");
    expect(error.status).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(t.server.requests).toHaveLength(4);
    expect(t.sleeps).toHaveLength(3);
  });
});

describe("server errors and bad requests", () => {
  it("retries a 500 and succeeds", async () => {
    const t = await setup([{ kind: "status", status: 500 }]);
    expect((await t.chat.chat({ messages: question })).text).toBe("Yes it is.");
    expect(t.server.requests).toHaveLength(2);
  });

  it("fails after retries on a persistent 500", async () => {
    const t = await setup(Array.from({ length: 3 }, () => ({ kind: "status", status: 500 }) as const), { maxRetries: 2 });
    const error = await failure(t.chat.chat({ messages: question }));
    expect([error.code, error.status, error.isRetryable]).toEqual(["E_PROVIDER", 500, true]);
    expect(t.server.requests).toHaveLength(3);
  });

  it("does not retry a 400", async () => {
    const t = await setup([{ kind: "status", status: 400 }]);
    const error = await failure(t.chat.chat({ messages: question }));
    expect([error.code, error.status, error.isRetryable]).toEqual(["E_PROVIDER", 400, false]);
    expect(t.server.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it("reports an unknown model as E_PROVIDER_UNAVAILABLE without retrying", async () => {
    server = await startOpenAIFakeServer({ models: ["gpt-x"] });
    const { chat } = createOpenAICompatible({ baseURL: server.url, model: "nope", env: {}, sleep: () => Promise.resolve() });
    const error = await failure(chat.chat({ messages: question }));
    expect([error.code, error.status, error.isRetryable]).toEqual(["E_PROVIDER_UNAVAILABLE", 404, false]);
    expect(server.requests).toHaveLength(1);
  });

  it("never puts the API key in an error, even when the server echoes it", async () => {
    server = await startOpenAIFakeServer({ apiKey: "sk-the-right-key-000" });
    const { chat } = createOpenAICompatible({ baseURL: server.url, apiKey: KEY, model: "m", env: {} });
    const error = await failure(chat.chat({ messages: question }));
    expect([error.code, error.status, error.isRetryable]).toEqual(["E_PROVIDER", 401, false]);
    expect(JSON.stringify(error.toJSON())).not.toContain(KEY);
    expect(error.message).not.toContain("0123456789");
    expect(String(error.stack)).not.toContain(KEY);
  });
});

describe("timeouts and cancellation", () => {
  it("times out a hanging server, retries, then fails retryable", async () => {
    const t = await setup([{ kind: "hang" }, { kind: "hang" }], { timeoutMs: 80, maxRetries: 1 });
    const started = Date.now();
    const error = await failure(t.chat.chat({ messages: question }));
    expect([error.code, error.status, error.isRetryable]).toEqual(["E_PROVIDER", undefined, true]);
    expect(t.server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("recovers when only the first attempt hangs", async () => {
    const t = await setup([{ kind: "hang" }], { timeoutMs: 80 });
    expect((await t.chat.chat({ messages: question })).text).toBe("Yes it is.");
  });

  it("times out a stream that stops sending (idle timeout)", async () => {
    const t = await setup([{ kind: "hang" }], { timeoutMs: 80, maxRetries: 0 });
    const error = await failure(collect(t.chat.stream({ messages: question })));
    expect([error.code, error.isRetryable]).toEqual(["E_PROVIDER", true]);
  });

  it("turns a caller's abort into E_ABORTED without retrying", async () => {
    const t = await setup([{ kind: "hang" }], { timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await failure(t.chat.chat({ messages: question, signal: controller.signal }));
    expect(error.code).toBe("E_ABORTED");
    expect(t.server.requests).toHaveLength(1);
  });

  it("does not send when already aborted", async () => {
    const t = await setup([]);
    const error = await failure(t.chat.chat({ messages: question, signal: AbortSignal.abort() }));
    expect(error.code).toBe("E_ABORTED");
    expect(t.server.requests).toHaveLength(0);
  });

  it("stops waiting for a retry when the caller aborts", async () => {
    server = await startOpenAIFakeServer({ faults: [{ kind: "status", status: 429, retryAfter: "30" }] });
    const { chat } = createOpenAICompatible({ baseURL: server.url, model: "m", env: {} });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await failure(chat.chat({ messages: question, signal: controller.signal }));
    expect(error.code).toBe("E_ABORTED");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("network failures", () => {
  it("retries a connection closed before the answer", async () => {
    const t = await setup([{ kind: "drop" }]);
    expect((await t.chat.chat({ messages: question })).text).toBe("Yes it is.");
    expect(t.server.requests).toHaveLength(2);
  });

  it("retries a body cut in half", async () => {
    const t = await setup([{ kind: "drop-mid-stream" }]);
    expect((await t.chat.chat({ messages: question })).text).toBe("Yes it is.");
    expect(t.server.requests).toHaveLength(2);
  });

  it("reports a refused connection as E_PROVIDER_UNAVAILABLE after the retries", async () => {
    const closed = await startOpenAIFakeServer();
    await closed.close();
    const sleeps: number[] = [];
    const { chat } = createOpenAICompatible({
      baseURL: closed.url,
      model: "m",
      env: {},
      maxRetries: 2,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    const error = await failure(chat.chat({ messages: question }));
    expect([error.code, error.isRetryable]).toEqual(["E_PROVIDER_UNAVAILABLE", true]);
    expect(sleeps).toHaveLength(2);
  });
});

describe("streams that fail", () => {
  it("does not retry a stream that drops after text was yielded", async () => {
    const t = await setup([{ kind: "drop-mid-stream", afterChunks: 1 }], {}, "one two three");
    const seen: string[] = [];
    const error = await failure(collect(t.chat.stream({ messages: question }), seen));
    expect([error.code, error.isRetryable]).toEqual(["E_PROVIDER", true]);
    expect(seen).toEqual(["one "]);
    expect(t.server.requests).toHaveLength(1);
  });

  it("retries a stream that drops before any text", async () => {
    const t = await setup([{ kind: "drop-mid-stream", afterChunks: 0 }], {}, "one two three");
    const seen: string[] = [];
    const parts = await collect(t.chat.stream({ messages: question }), seen);
    expect(seen.join("")).toBe("one two three");
    expect(parts.at(-1)?.type).toBe("finish");
    expect(t.server.requests).toHaveLength(2);
  });

  it("retries a 429 before the stream starts", async () => {
    const t = await setup([{ kind: "status", status: 429, retryAfter: "1" }]);
    const seen: string[] = [];
    await collect(t.chat.stream({ messages: question }), seen);
    expect(seen.join("")).toBe("Yes it is.");
    expect(t.sleeps).toEqual([1000]);
  });
});

describe("malformed answers", () => {
  it("fails a malformed JSON body with a non-retryable E_PROVIDER", async () => {
    const t = await setup([{ kind: "malformed-json" }]);
    const error = await failure(t.chat.chat({ messages: question }));
    expect([error.code, error.status, error.isRetryable]).toEqual(["E_PROVIDER", undefined, false]);
    expect(t.server.requests).toHaveLength(1);
  });

  it("fails a malformed stream chunk with a non-retryable E_PROVIDER", async () => {
    const t = await setup([{ kind: "malformed-json" }]);
    const error = await failure(collect(t.chat.stream({ messages: question })));
    expect([error.code, error.isRetryable]).toEqual(["E_PROVIDER", false]);
    expect(t.server.requests).toHaveLength(1);
  });

  it("fails malformed embeddings with a non-retryable E_PROVIDER", async () => {
    const t = await setup([{ kind: "malformed-json" }]);
    const error = await failure(t.embedder.embed({ texts: ["a"] }));
    expect([error.code, error.isRetryable]).toEqual(["E_PROVIDER", false]);
  });

  it("fails a JSON answer that is not a chat completion", async () => {
    const fetchImpl: typeof fetch = () => Promise.resolve(new Response('{"hello": "world"}', { status: 200 }));
    const { chat } = createOpenAICompatible({ baseURL: "http://127.0.0.1:9", model: "m", env: {}, fetch: fetchImpl });
    const error = await failure(chat.chat({ messages: question }));
    expect([error.code, error.isRetryable]).toEqual(["E_PROVIDER", false]);
  });

  it("retries embeddings on 503 and counts usage locally when missing", async () => {
    const t = await setup([{ kind: "status", status: 503 }, { kind: "no-usage" }]);
    const result = await t.embedder.embed({ texts: ["hello world"] });
    expect(result.vectors).toHaveLength(1);
    expect(result.usage.inputTokens).toBe(2);
    expect(t.server.requests).toHaveLength(2);
  });
});
