import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTinyLlamaGguf } from "../testing/gguf-writer.js";
import { resolveLlmConfig } from "./config.js";
import { createModelsFromConfig } from "./from-config.js";
import { createGgufModel, type GgufModel } from "./gguf.js";
import type { ChatStreamPart } from "./spec.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pecan-gguf-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<{ code: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string };
  }
  throw new Error("expected a failure");
}

describe("createGgufModel: errors before loading", () => {
  it("fails with E_CONFIG for a missing file", async () => {
    expect((await failure(createGgufModel({ modelPath: join(dir, "missing.gguf") }))).code).toBe("E_CONFIG");
  });

  it("fails with E_CONFIG for a file that is not GGUF", async () => {
    const path = join(dir, "not-a-model.gguf");
    await writeFile(path, "this is text, not a model");
    expect((await failure(createGgufModel({ modelPath: path }))).code).toBe("E_CONFIG");
  });

  it("fails with E_PROVIDER_UNAVAILABLE when node-llama-cpp is not installed", async () => {
    const path = join(dir, "any.gguf");
    await writeFile(path, "GGUF....");
    const loadModule = () => Promise.reject(Object.assign(new Error("Cannot find package 'node-llama-cpp'"), { code: "ERR_MODULE_NOT_FOUND" }));
    expect((await failure(createGgufModel({ modelPath: path, loadModule }))).code).toBe("E_PROVIDER_UNAVAILABLE");
  });

  it("fails with E_PROVIDER_UNAVAILABLE for a GGUF file llama.cpp cannot load", async () => {
    const path = join(dir, "broken.gguf");
    await writeFile(path, Buffer.concat([Buffer.from("GGUF"), Buffer.alloc(60, 7)]));
    expect((await failure(createGgufModel({ modelPath: path }))).code).toBe("E_PROVIDER_UNAVAILABLE");
  });
});

describe("createGgufModel: a tiny model written by the test", () => {
  let local: GgufModel;
  beforeAll(async () => {
    const path = join(dir, "tiny.gguf");
    await writeTinyLlamaGguf(path, { seed: 7 });
    local = await createGgufModel({ modelPath: path, contextSize: 256, embeddingContextSize: 128, threads: 1 });
  });
  afterAll(async () => {
    await local?.dispose();
  });

  it("counts tokens with the model's own tokenizer", () => {
    expect(local.countTokens("")).toBe(0);
    expect(local.countTokens("hello world")).toBe(2);
    expect(local.countTokens("the cat and the dog")).toBe(5);
    expect(local.chat.countTokens("hello")).toBe(1);
  });

  it("generates up to maxTokens tokens and reports usage", async () => {
    const reply = await local.chat.chat({ messages: [{ role: "user", content: "hello the cat" }], maxTokens: 5 });
    expect(reply.usage.inputTokens).toBeGreaterThan(3);
    expect(reply.usage.outputTokens).toBe(5);
    expect(reply.finishReason).toBe("length");
    expect(reply.text.length).toBeGreaterThan(0);
  });

  it("ends at a stop string, leaving it out", async () => {
    const request = { messages: [{ role: "user" as const, content: "the dog" }], maxTokens: 12 };
    const whole = await local.chat.chat(request);
    const stop = whole.text.slice(Math.floor(whole.text.length / 2), Math.floor(whole.text.length / 2) + 2);
    const cut = await local.chat.chat({ ...request, stop: [stop] });
    expect(cut.finishReason).toBe("stop");
    expect(cut.text).toBe(whole.text.slice(0, whole.text.indexOf(stop)));
    const streamed: string[] = [];
    for await (const part of local.chat.stream({ ...request, stop: [stop] })) if (part.type === "text-delta") streamed.push(part.text);
    expect(streamed.join("")).toBe(cut.text);
  });

  it("is deterministic at temperature 0", async () => {
    const request = { messages: [{ role: "user" as const, content: "a dog" }], maxTokens: 6 };
    const a = await local.chat.chat(request);
    const b = await local.chat.chat(request);
    expect(b.text).toBe(a.text);
    expect(b.usage).toEqual(a.usage);
  });

  it("streams the same text as chat", async () => {
    const request = { messages: [{ role: "user" as const, content: "yes or no" }], maxTokens: 6 };
    const whole = await local.chat.chat(request);
    const parts: ChatStreamPart[] = [];
    for await (const part of local.chat.stream(request)) parts.push(part);
    expect(parts.map((p) => (p.type === "text-delta" ? p.text : "")).join("")).toBe(whole.text);
    expect(parts.at(-1)).toMatchObject({ type: "finish", usage: whole.usage });
  });

  it("gives the log-probabilities of the first token, and the same text as without them", async () => {
    const request = { messages: [{ role: "user" as const, content: "is it" }], maxTokens: 4 };
    const plain = await local.chat.chat(request);
    const reply = await local.chat.chat({ ...request, topLogprobs: 3 });
    expect(reply.text).toBe(plain.text);
    expect(reply.usage).toEqual(plain.usage);
    const first = reply.logprobs?.[0];
    expect(first?.top).toHaveLength(3);
    expect(first?.logprob).toBeLessThanOrEqual(0);
    const top = first?.top.map((t) => t.logprob) ?? [];
    expect([...top].sort((x, y) => y - x)).toEqual(top);
  });

  it("embeds texts into vectors of the model's width", async () => {
    const result = await local.embedder.embed({ texts: ["hello world", "the cat"] });
    expect(result.vectors).toHaveLength(2);
    expect(result.vectors[0]?.length).toBe(32);
    expect(local.embedder.dimensions).toBe(32);
    expect(result.usage.inputTokens).toBe(4);
  });

  it("is loaded once from a configuration naming it for chat and embeddings", async () => {
    const path = join(dir, "tiny.gguf");
    const config = resolveLlmConfig({ flags: { llm: `gguf:${path}`, embed: `gguf:${path}` }, file: { gguf: { contextSize: 128, threads: 1 } } });
    const models = await createModelsFromConfig(config);
    try {
      expect(models.chat?.id).toBe(`gguf:${path}`);
      expect((await models.chat?.chat({ messages: [{ role: "user", content: "hi" }], maxTokens: 2 }))?.usage.outputTokens).toBe(2);
      expect((await models.embedder?.embed({ texts: ["hi"] }))?.vectors[0]?.length).toBe(32);
    } finally {
      await models.close();
    }
  });

  it("stops at a caller's abort with E_ABORTED", async () => {
    const error = await failure(local.chat.chat({ messages: [{ role: "user", content: "hi" }], maxTokens: 5, signal: AbortSignal.abort() }));
    expect(error.code).toBe("E_ABORTED");
  });
});
