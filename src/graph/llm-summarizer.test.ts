import { describe, expect, it } from "vitest";
import { ProviderError } from "../core/errors.js";
import { asDocId, asNodeId } from "../core/ids.js";
import { countTokens } from "../ingest/tokens.js";
import type { ChatResponse } from "../llm/spec.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { DocumentTerms } from "./document-terms.js";
import { LexRankSummarizer } from "./lexrank.js";
import { countFallbacks, fallbackWarning, LlmSummarizer } from "./llm-summarizer.js";
import type { SummarizeContext, WindowInput } from "./summarizer.js";

const PASSAGES = [
  "Alice Smith founded Acme Corp in Lyon in 1999. She ran it for ten years.",
  "Acme Corp made bicycles. Its bicycles won a design prize in 2003.",
  "Bob Jones bought Acme Corp from Alice Smith in 2010 and moved it to Paris.",
];
const TEXT = PASSAGES.join("\n\n");

function window(): WindowInput {
  let offset = 0;
  return {
    docId: asDocId("d"),
    docText: TEXT,
    nodes: PASSAGES.map((p, i) => {
      const start = offset;
      offset += p.length + 2;
      return { nodeId: asNodeId(`d#0.${i}`), text: p, spans: [{ start, end: start + p.length }], tokens: countTokens(p) };
    }),
  };
}

function ctx(signal?: AbortSignal): SummarizeContext {
  return { level: 0, window: 0, terms: DocumentTerms.fromText(TEXT), countTokens, ...(signal ? { signal } : {}) };
}

describe("LlmSummarizer", () => {
  it("asks with numbered passages at temperature 0 with bounded output, and reads the bullets", async () => {
    const model = new ScriptedChatModel(["- Alice Smith founded Acme Corp in 1999. [1]\n- Bob Jones bought Acme Corp in 2010. [3, 1]"]);
    const summarizer = new LlmSummarizer(model);
    expect(summarizer.id).toBe("llm:scripted");
    const result = await summarizer.summarize(window(), ctx());
    expect(model.calls.length).toBe(1);
    const call = model.calls[0];
    expect(call?.temperature).toBe(0);
    expect(call?.maxTokens).toBeGreaterThan(0);
    expect(call?.maxTokens).toBeLessThanOrEqual(1024);
    const user = call?.messages.find((m) => m.role === "user")?.content ?? "";
    PASSAGES.forEach((p, i) => expect(user).toContain(`[${i + 1}] ${p}`));
    const system = call?.messages.find((m) => m.role === "system")?.content ?? "";
    expect(system).toMatch(/pronoun/);
    expect(result.ips).toEqual([
      { text: "Alice Smith founded Acme Corp in 1999.", spans: [], sources: [0] },
      { text: "Bob Jones bought Acme Corp in 2010.", spans: [], sources: [0, 2] },
    ]);
    expect(result.fallback).toBeUndefined();
    expect(result.madeBy).toBeUndefined();
    expect(result.usage.llmCalls).toBe(1);
    expect(result.usage.llmTokensIn).toBeGreaterThan(0);
    expect(result.usage.llmTokensOut).toBeGreaterThan(0);
  });

  it("drops out-of-range and garbage passage numbers", async () => {
    const model = new ScriptedChatModel(["- Acme Corp bicycles won a prize in 2003. [0, 2, 7, -1]"]);
    const { ips } = await new LlmSummarizer(model).summarize(window(), ctx());
    expect(ips[0]?.sources).toEqual([1]);
  });

  it("reads prose when the model ignores the format", async () => {
    const model = new ScriptedChatModel(["Alice Smith founded Acme Corp in 1999. Bob Jones later bought Acme Corp (3)."]);
    const { ips } = await new LlmSummarizer(model).summarize(window(), ctx());
    expect(ips.map((ip) => ip.text)).toEqual(["Alice Smith founded Acme Corp in 1999.", "Bob Jones later bought Acme Corp."]);
    expect(ips[1]?.sources).toEqual([2]);
  });

  it("drops the cut-off last point when the output hit the token cap", async () => {
    const cut: ChatResponse = {
      text: "- Alice Smith founded Acme Corp. [1]\n- Bob Jones bought Acme Corp from Ali",
      finishReason: "length",
      usage: { inputTokens: 100, outputTokens: 20 },
    };
    const { ips } = await new LlmSummarizer(new ScriptedChatModel([cut])).summarize(window(), ctx());
    expect(ips.map((ip) => ip.text)).toEqual(["Alice Smith founded Acme Corp."]);
  });

  const unusable: [string, ScriptStepLike][] = [
    ["an empty answer", ""],
    ["whitespace only", "\n  \n"],
    ["a refusal sharing no term with the window", "I cannot help with that request, sorry."],
    ["citations only", "- [1]\n- [2, 3]"],
    ["a content filter", { text: "- Alice Smith founded Acme Corp. [1]", finishReason: "content-filter", usage: { inputTokens: 1, outputTokens: 1 } }],
  ];
  type ScriptStepLike = string | Error | ChatResponse;

  for (const [name, step] of unusable) {
    it(`falls back to the extractive summarizer on ${name}, and records it`, async () => {
      const model = new ScriptedChatModel([step]);
      const result = await new LlmSummarizer(model, {}, new LexRankSummarizer()).summarize(window(), ctx());
      expect(result.madeBy).toBe("lexrank(fallback)");
      expect(result.fallback).toEqual(expect.any(String));
      expect(result.ips.length).toBeGreaterThan(0);
      for (const ip of result.ips) expect(ip.text).toBe(TEXT.slice(ip.spans[0]?.start, ip.spans[0]?.end));
      expect(result.usage.llmCalls).toBe(1);
    });

    it(`throws E_PROVIDER on ${name} when configured to`, async () => {
      const model = new ScriptedChatModel([step]);
      await expect(new LlmSummarizer(model, { onUnusable: "error" }).summarize(window(), ctx())).rejects.toMatchObject({
        code: "E_PROVIDER",
      });
    });
  }

  it("fails on a model that fails (no silent fallback), keeping the provider's code", async () => {
    const dead = new ScriptedChatModel([new ProviderError("HTTP 500", { status: 500, isRetryable: true, code: "E_PROVIDER_UNAVAILABLE" })]);
    await expect(new LlmSummarizer(dead, {}, new LexRankSummarizer()).summarize(window(), ctx())).rejects.toMatchObject({
      code: "E_PROVIDER_UNAVAILABLE",
    });
    const broken = new ScriptedChatModel([new Error("connection reset")]);
    await expect(new LlmSummarizer(broken, {}, new LexRankSummarizer()).summarize(window(), ctx())).rejects.toMatchObject({ code: "E_PROVIDER" });
  });

  it("propagates a cancellation as E_ABORTED, never as a fallback", async () => {
    const controller = new AbortController();
    controller.abort();
    const model = new ScriptedChatModel(["- Alice Smith founded Acme Corp. [1]"]);
    await expect(new LlmSummarizer(model).summarize(window(), ctx(controller.signal))).rejects.toMatchObject({ code: "E_ABORTED" });
  });

  it("asks for fewer points for a smaller window", async () => {
    const model = new ScriptedChatModel(() => "- Alice Smith founded Acme Corp. [1]");
    const summarizer = new LlmSummarizer(model, { pointTokens: 5 });
    await summarizer.summarize(window(), ctx());
    const small = window();
    await summarizer.summarize({ ...small, nodes: small.nodes.slice(0, 1) }, ctx());
    const ask = (i: number) => Number(/at most (\d+)/.exec(model.calls[i]?.messages[1]?.content ?? "")?.[1]);
    expect(ask(1)).toBeLessThan(ask(0));
    expect(model.calls[1]?.maxTokens ?? 0).toBeLessThanOrEqual(model.calls[0]?.maxTokens ?? 0);
  });
});

describe("countFallbacks and fallbackWarning", () => {
  const node = (level: number, madeBy: string, fallback?: string) => ({ level, madeBy, ...(fallback ? { meta: { fallback } } : {}) });

  it("counts the information points the fallback made, with their reasons, and warns only then", () => {
    const all = countFallbacks([node(0, "leaf"), node(1, "lexrank(fallback)", "empty output"), node(1, "lexrank(fallback)", "empty output")]);
    expect(all).toEqual({ ips: 2, fallbacks: 2, reasons: ["empty output"] });
    expect(fallbackWarning("doc", all)).toMatch(/^doc: every one of 2 information points came from the extractive fallback, not the model \(empty output\)/);
    const some = countFallbacks([node(1, "llm:scripted"), node(1, "lexrank(fallback)", "unusable output (finish: length)")]);
    expect(fallbackWarning("doc", some)).toMatch(/^doc: 1 of 2 information points/);
    expect(fallbackWarning("doc", countFallbacks([node(0, "leaf"), node(1, "llm:scripted")]))).toBeUndefined();
  });
});
