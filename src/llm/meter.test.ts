import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../core/errors.js";
import { emptyUsage } from "../core/types.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { countMessageTokens } from "./count-tokens.js";
import { meterChatModel, meterEmbedder, truncateToTokens } from "./meter.js";
import { LLM_SPEC_VERSION, type ChatModel, type ChatResponse, type ChatStreamPart, type Embedder } from "./spec.js";

const ask = (content: string) => [{ role: "user" as const, content }];

async function failure(promise: Promise<unknown>): Promise<{ code: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string };
  }
  throw new Error("expected a failure");
}

async function collect(parts: AsyncIterable<ChatStreamPart>, stopAfter = Infinity): Promise<ChatStreamPart[]> {
  const out: ChatStreamPart[] = [];
  for await (const p of parts) {
    out.push(p);
    if (out.length >= stopAfter) break;
  }
  return out;
}

describe("meterChatModel", () => {
  it("adds every call's tokens to the shared usage", async () => {
    const usage = emptyUsage();
    const model = meterChatModel(new ScriptedChatModel(["yes", "no thanks"]), {}, usage);
    await model.chat({ messages: ask("question one") });
    await model.chat({ messages: ask("question two") });
    expect(usage).toEqual({ llmCalls: 2, llmTokensIn: 6, llmTokensOut: 4 });
  });

  it("clamps maxTokens to the room under the per-call cap", async () => {
    const scripted = new ScriptedChatModel(["ok"]);
    const messages = ask("a question of some length");
    const input = countMessageTokens(messages, (t) => scripted.countTokens(t));
    const model = meterChatModel(scripted, { maxTokensPerCall: input + 10 }, emptyUsage());
    await model.chat({ messages, maxTokens: 500 });
    expect(scripted.calls[0]?.maxTokens).toBe(10);
  });

  it("refuses a call whose input alone exceeds the per-call cap, before sending it", async () => {
    const scripted = new ScriptedChatModel(["ok"]);
    const usage = emptyUsage();
    const model = meterChatModel(scripted, { maxTokensPerCall: 5 }, usage);
    const error = await failure(model.chat({ messages: ask("a question far too long for five tokens") }));
    expect(error.code).toBe("E_BUDGET");
    expect(scripted.calls).toHaveLength(0);
    expect(usage).toEqual(emptyUsage());
  });

  it("refuses a call once the per-question budget is spent", async () => {
    const scripted = new ScriptedChatModel(() => "x".repeat(160));
    const usage = emptyUsage();
    const model = meterChatModel(scripted, { maxTokensPerQuestion: 60 }, usage);
    await model.chat({ messages: ask("q") });
    await model.chat({ messages: ask("q") });
    const error = await failure(model.chat({ messages: ask("q") }));
    expect(error.code).toBe("E_BUDGET");
    expect(scripted.calls).toHaveLength(2);
    expect(usage.llmTokensIn + usage.llmTokensOut).toBeLessThanOrEqual(60);
  });

  it("cuts a response that reports more output than allowed and counts it at the cap", async () => {
    const long = "word ".repeat(200);
    const scripted = new ScriptedChatModel([{ text: long, finishReason: "stop", usage: { inputTokens: 2, outputTokens: 999 } }]);
    const usage = emptyUsage();
    const model = meterChatModel(scripted, { maxTokensPerCall: 50 }, usage);
    const reply = await model.chat({ messages: ask("q") });
    const room = 50 - countMessageTokens(ask("q"), (t) => scripted.countTokens(t));
    expect(reply.usage.outputTokens).toBe(room);
    expect(scripted.countTokens(reply.text)).toBeLessThanOrEqual(room);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.finishReason).toBe("length");
    expect(usage.llmTokensOut).toBe(room);
  });

  it("counts a failed call as a call and frees its reservation", async () => {
    const scripted = new ScriptedChatModel([new ProviderError("down", { isRetryable: true }), "ok"]);
    const usage = emptyUsage();
    const model = meterChatModel(scripted, { maxTokensPerQuestion: 40 }, usage);
    const error = await failure(model.chat({ messages: ask("q"), maxTokens: 30 }));
    expect(error.code).toBe("E_PROVIDER");
    await model.chat({ messages: ask("q"), maxTokens: 30 });
    expect(usage.llmCalls).toBe(2);
    expect(scripted.calls[1]?.maxTokens).toBe(30);
  });

  it("reserves room for calls in flight", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scripted = new ScriptedChatModel(["a", "b"]);
    const slow: ChatModel = {
      specVersion: LLM_SPEC_VERSION,
      id: "slow",
      countTokens: (t) => scripted.countTokens(t),
      stream: (r) => scripted.stream(r),
      chat: async (r) => {
        await gate;
        return scripted.chat(r);
      },
    };
    const model = meterChatModel(slow, { maxTokensPerQuestion: 30 }, emptyUsage());
    const first = model.chat({ messages: ask("q"), maxTokens: 20 });
    const error = await failure(model.chat({ messages: ask("q"), maxTokens: 20 }));
    release();
    await first;
    expect(error.code).toBe("E_BUDGET");
  });

  it("never lets the total pass the per-question cap, whatever the model reports", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 10, max: 400 }),
        fc.array(fc.record({ prompt: fc.string({ maxLength: 80 }), reported: fc.integer({ min: 0, max: 500 }), words: fc.integer({ min: 0, max: 120 }), maxTokens: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }) }), { maxLength: 12 }),
        async (cap, calls) => {
          const rough = (t: string): number => (t.length === 0 ? 0 : Math.max(1, Math.ceil(t.length / 4)));
          const scripted = new ScriptedChatModel((request, i): ChatResponse => {
            const c = calls[i];
            const input = request.messages.reduce((n, m) => n + rough(m.content), 0);
            return { text: "w ".repeat(c?.words ?? 0), finishReason: "stop", usage: { inputTokens: input, outputTokens: c?.reported ?? 0 } };
          });
          const usage = emptyUsage();
          const model = meterChatModel(scripted, { maxTokensPerQuestion: cap }, usage);
          for (const c of calls) {
            try {
              await model.chat({ messages: ask(c.prompt), ...(c.maxTokens !== undefined ? { maxTokens: c.maxTokens } : {}) });
            } catch (error) {
              expect((error as { code: string }).code).toBe("E_BUDGET");
            }
          }
          expect(usage.llmTokensIn + usage.llmTokensOut).toBeLessThanOrEqual(cap);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("meterChatModel streams", () => {
  it("counts a stream and passes its parts through", async () => {
    const usage = emptyUsage();
    const model = meterChatModel(new ScriptedChatModel(["one two three"]), {}, usage);
    const parts = await collect(model.stream({ messages: ask("q") }));
    expect(parts.filter((p) => p.type === "text-delta").map((p) => (p.type === "text-delta" ? p.text : "")).join("")).toBe("one two three");
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: "stop" });
    expect(usage.llmCalls).toBe(1);
    expect(usage.llmTokensOut).toBe(4);
  });

  it("cuts a stream at the cap and reports a length finish", async () => {
    const usage = emptyUsage();
    const scripted = new ScriptedChatModel(["alpha beta gamma delta epsilon zeta eta theta iota kappa"]);
    const model = meterChatModel(scripted, {}, usage);
    const parts = await collect(model.stream({ messages: ask("q"), maxTokens: 4 }));
    const text = parts.map((p) => (p.type === "text-delta" ? p.text : "")).join("");
    expect(scripted.countTokens(text)).toBeLessThanOrEqual(4);
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: "length", usage: { outputTokens: 4 } });
    expect(usage.llmTokensOut).toBe(4);
  });

  it("refuses a stream over the cap before it starts", async () => {
    const scripted = new ScriptedChatModel(["x"]);
    const model = meterChatModel(scripted, { maxTokensPerCall: 3 }, emptyUsage());
    const error = await failure(collect(model.stream({ messages: ask("a long question here") })));
    expect(error.code).toBe("E_BUDGET");
    expect(scripted.calls).toHaveLength(0);
  });

  it("counts a stream the caller left early", async () => {
    const usage = emptyUsage();
    const model = meterChatModel(new ScriptedChatModel(["one two three four"]), {}, usage);
    await collect(model.stream({ messages: ask("q") }), 1);
    expect(usage.llmCalls).toBe(1);
    expect(usage.llmTokensOut).toBe(1);
  });
});

describe("truncateToTokens", () => {
  const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
  it("keeps the longest prefix within the count", () => {
    expect(truncateToTokens("one two three", 2, words)).toBe("one two ");
    expect(truncateToTokens("one two", 5, words)).toBe("one two");
    expect(truncateToTokens("one", 0, words)).toBe("");
  });
  it("never splits a surrogate pair", () => {
    const chars = (t: string) => t.length;
    expect(truncateToTokens("a😀b", 2, chars)).toBe("a");
  });
});

describe("meterEmbedder", () => {
  it("counts calls and input tokens", async () => {
    const inner: Embedder = {
      specVersion: LLM_SPEC_VERSION,
      id: "e",
      dimensions: 2,
      embed: (r) => Promise.resolve({ vectors: r.texts.map(() => new Float32Array(2)), usage: { inputTokens: r.texts.length * 3, outputTokens: 0 } }),
    };
    const usage = emptyUsage();
    const metered = meterEmbedder(inner, usage);
    await metered.embed({ texts: ["a", "b"] });
    expect(usage).toEqual({ llmCalls: 1, llmTokensIn: 6, llmTokensOut: 0 });
    expect(metered.dimensions).toBe(2);
  });
});
