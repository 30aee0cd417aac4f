import { afterEach, describe, expect, it } from "vitest";
import { startOpenAIFakeServer, type OpenAIFakeServer } from "../testing/openai-fake-server.js";
import { createOpenAICompatible, normalizeBaseURL, type OpenAICompatibleOptions } from "./openai-compatible.js";
import type { ChatStreamPart } from "./spec.js";
import { countMessageTokens, countTextTokens } from "./count-tokens.js";

let server: OpenAIFakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(url: string, extra: Partial<OpenAICompatibleOptions> = {}) {
  return createOpenAICompatible({ baseURL: url, apiKey: "sk-test-secret-0123456789", model: "m", env: {}, sleep: () => Promise.resolve(), ...extra });
}

async function collect(parts: AsyncIterable<ChatStreamPart>): Promise<ChatStreamPart[]> {
  const out: ChatStreamPart[] = [];
  for await (const p of parts) out.push(p);
  return out;
}

const question = [{ role: "user" as const, content: "Is the sky blue?" }];

describe("createOpenAICompatible: chat", () => {
  it("sends the OpenAI request and reads text, finish reason and usage", async () => {
    server = await startOpenAIFakeServer({ reply: () => "Yes it is." });
    const { chat } = client(server.url);
    const reply = await chat.chat({ messages: question, maxTokens: 10, stop: ["\n"] });
    expect(reply).toEqual({ text: "Yes it is.", finishReason: "stop", usage: { inputTokens: 10, outputTokens: 3 } });
    const sent = server.requests[0];
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe("Bearer sk-test-secret-0123456789");
    expect(sent?.body).toEqual({ model: "m", messages: question, temperature: 0, max_tokens: 10, stop: ["\n"] });
    expect(chat.id).toBe("openai:m");
  });

  it("reports a length finish when the server cuts the answer", async () => {
    server = await startOpenAIFakeServer({ reply: () => "one two three four" });
    const reply = await client(server.url).chat.chat({ messages: question, maxTokens: 2 });
    expect(reply.text).toBe("one two ");
    expect(reply.finishReason).toBe("length");
    expect(reply.usage.outputTokens).toBe(2);
  });

  it("returns log-probabilities when asked", async () => {
    server = await startOpenAIFakeServer({ reply: () => "Yes" });
    const reply = await client(server.url).chat.chat({ messages: question, topLogprobs: 2 });
    expect(server.requests[0]?.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
    expect(reply.logprobs).toHaveLength(1);
    expect(reply.logprobs?.[0]?.token).toBe("Yes");
    expect(reply.logprobs?.[0]?.logprob).toBeCloseTo(Math.log(0.9));
    expect(reply.logprobs?.[0]?.top.map((t) => t.token)).toEqual(["Yes", "No"]);
  });

  it("leaves log-probabilities out when not asked", async () => {
    server = await startOpenAIFakeServer({ reply: () => "Yes" });
    const reply = await client(server.url).chat.chat({ messages: question });
    expect(reply.logprobs).toBeUndefined();
    expect(server.requests[0]?.body).not.toHaveProperty("logprobs");
  });

  it("counts usage locally when the server leaves it out", async () => {
    server = await startOpenAIFakeServer({ reply: () => "Yes, mostly blue.", faults: [{ kind: "no-usage" }] });
    const reply = await client(server.url).chat.chat({ messages: question });
    expect(reply.usage).toEqual({ inputTokens: countMessageTokens(question), outputTokens: countTextTokens("Yes, mostly blue.") });
  });

  it("reads content given as an array of parts, and null content", async () => {
    let n = 0;
    const body = (content: unknown) =>
      JSON.stringify({ choices: [{ message: { role: "assistant", content }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 2 } });
    const fetchImpl: typeof fetch = () => {
      n += 1;
      const content = n === 1 ? [{ type: "text", text: "a" }, { type: "image_url" }, { type: "text", text: "b" }] : null;
      return Promise.resolve(new Response(body(content), { status: 200, headers: { "content-type": "application/json" } }));
    };
    const { chat } = client("http://127.0.0.1:9", { fetch: fetchImpl });
    expect((await chat.chat({ messages: question })).text).toBe("ab");
    expect((await chat.chat({ messages: question })).text).toBe("");
  });

  it("uses max_completion_tokens when configured", async () => {
    server = await startOpenAIFakeServer();
    await client(server.url, { maxTokensField: "max_completion_tokens" }).chat.chat({ messages: question, maxTokens: 5 });
    expect(server.requests[0]?.body).toMatchObject({ max_completion_tokens: 5 });
    expect(server.requests[0]?.body).not.toHaveProperty("max_tokens");
  });
});

describe("createOpenAICompatible: streaming", () => {
  it("streams deltas and finishes with the server's usage", async () => {
    server = await startOpenAIFakeServer({ reply: () => "The sky is blue." });
    const parts = await collect(client(server.url).chat.stream({ messages: question }));
    const text = parts.flatMap((p) => (p.type === "text-delta" ? [p.text] : [])).join("");
    expect(text).toBe("The sky is blue.");
    expect(parts.at(-1)).toEqual({ type: "finish", finishReason: "stop", usage: { inputTokens: 10, outputTokens: 4 } });
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("counts streamed usage locally when no usage chunk comes", async () => {
    server = await startOpenAIFakeServer({ reply: () => "The sky is blue.", faults: [{ kind: "no-usage" }] });
    const parts = await collect(client(server.url).chat.stream({ messages: question }));
    expect(parts.at(-1)).toEqual({
      type: "finish",
      finishReason: "stop",
      usage: { inputTokens: countMessageTokens(question), outputTokens: countTextTokens("The sky is blue.") },
    });
  });

  it("streams log-probabilities in the finish part when asked", async () => {
    server = await startOpenAIFakeServer({ reply: () => "No way" });
    const parts = await collect(client(server.url).chat.stream({ messages: question, topLogprobs: 1 }));
    const finish = parts.at(-1);
    expect(finish?.type === "finish" ? finish.logprobs?.map((l) => l.token) : undefined).toEqual(["No ", "way"]);
  });

  it("closes the request when the caller stops reading early", async () => {
    server = await startOpenAIFakeServer({ reply: () => "a b c d e f" });
    const { chat } = client(server.url, { concurrency: 1 });
    for await (const part of chat.stream({ messages: question })) {
      expect(part.type).toBe("text-delta");
      break;
    }
    // The permit was released: a second call goes through with concurrency 1.
    expect((await chat.chat({ messages: question })).text).toBe("a b c d e f");
  });
});

describe("createOpenAICompatible: embeddings", () => {
  it("embeds in order, in batches, with usage", async () => {
    server = await startOpenAIFakeServer({ embed: (t) => [t.length, 1] });
    const { embedder } = client(server.url, { embeddingModel: "e", embeddingBatchSize: 2 });
    const texts = ["a", "bb", "ccc", "dddd", "eeeee"];
    const result = await embedder.embed({ texts });
    expect(result.vectors.map((v) => Array.from(v))).toEqual(texts.map((t) => [t.length, 1]));
    expect(result.vectors[0]).toBeInstanceOf(Float32Array);
    expect(result.usage).toEqual({ inputTokens: 5, outputTokens: 0 });
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.body).toEqual({ model: "e", input: ["a", "bb"], encoding_format: "float" });
    expect(embedder.dimensions).toBe(2);
    expect(embedder.id).toBe("openai:e");
  });

  it("sends nothing for no texts", async () => {
    server = await startOpenAIFakeServer();
    const result = await client(server.url).embedder.embed({ texts: [] });
    expect(result.vectors).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("reads base64 vectors and counts usage locally when missing", async () => {
    const vector = Buffer.from(new Float32Array([0.5, -2]).buffer).toString("base64");
    const fetchImpl: typeof fetch = () =>
      Promise.resolve(new Response(JSON.stringify({ data: [{ embedding: vector }] }), { status: 200 }));
    const result = await client("http://127.0.0.1:9", { fetch: fetchImpl }).embedder.embed({ texts: ["hello world"] });
    expect(Array.from(result.vectors[0] ?? [])).toEqual([0.5, -2]);
    expect(result.usage.inputTokens).toBe(countTextTokens("hello world"));
  });
});

describe("configuration of the client", () => {
  it("accepts base URLs with or without /v1", () => {
    expect(normalizeBaseURL("http://127.0.0.1:8000")).toBe("http://127.0.0.1:8000/v1");
    expect(normalizeBaseURL("http://127.0.0.1:8000/")).toBe("http://127.0.0.1:8000/v1");
    expect(normalizeBaseURL("http://127.0.0.1:8000/v1/")).toBe("http://127.0.0.1:8000/v1");
    expect(normalizeBaseURL("https://example.test/api/v1")).toBe("https://example.test/api/v1");
    expect(normalizeBaseURL("https://example.test/v1beta/openai/")).toBe("https://example.test/v1beta/openai");
  });

  it("rejects bad base URLs and options with E_CONFIG", () => {
    expect(() => normalizeBaseURL("not a url")).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
    expect(() => normalizeBaseURL("ftp://x")).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
    expect(() => createOpenAICompatible({ model: "m", concurrency: 0, env: {} })).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
    expect(() => createOpenAICompatible({ model: " ", env: {} })).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
  });

  it("reads the base URL and key from the environment", async () => {
    server = await startOpenAIFakeServer({ apiKey: "sk-from-env-123456" });
    const { chat } = createOpenAICompatible({ model: "m", env: { OPENAI_BASE_URL: server.origin, OPENAI_API_KEY: "sk-from-env-123456" } });
    expect((await chat.chat({ messages: question })).text).toBe("ok");
    expect(server.requests[0]?.path).toBe("/v1/chat/completions");
  });

  it("sends extra headers", async () => {
    server = await startOpenAIFakeServer();
    await client(server.url, { headers: { "x-team": "pecan-team" } }).chat.chat({ messages: question });
    expect(server.requests[0]?.headers["x-team"]).toBe("pecan-team");
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const fetchImpl: typeof fetch = async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return new Response(JSON.stringify({ choices: [{ message: { content: "x" } }] }), { status: 200 });
    };
    const { chat } = client("http://127.0.0.1:9", { fetch: fetchImpl, concurrency: 2 });
    await Promise.all(Array.from({ length: 7 }, () => chat.chat({ messages: question })));
    expect(peak).toBe(2);
  });
});
