import { describe, expect, it } from "vitest";
import { asDocId, createEngine } from "../index.js";
import type { EmbedRequest, EmbedResponse, Embedder } from "../llm/spec.js";
import { LLM_SPEC_VERSION } from "../llm/spec.js";

/** A recording embedder: a bag-of-letters vector per text, one input token per text. */
function recordingEmbedder(): Embedder & { calls: EmbedRequest[] } {
  const calls: EmbedRequest[] = [];
  return {
    specVersion: LLM_SPEC_VERSION,
    id: "letters",
    calls,
    embed(request: EmbedRequest): Promise<EmbedResponse> {
      calls.push(request);
      const vectors = request.texts.map((t) => {
        const v = new Float32Array(26);
        for (const ch of t.toLowerCase()) {
          const i = ch.charCodeAt(0) - 97;
          if (i >= 0 && i < 26) v[i]! += 1;
        }
        return v;
      });
      return Promise.resolve({ vectors, usage: { inputTokens: request.texts.length, outputTokens: 0 } });
    },
  };
}

const text = Array.from({ length: 30 }, (_, i) => `Sentence ${i} of the harbour log records the tide.`).join(" ") + " The harbour master approved 412 crowns.";

describe("engine with an embedder", () => {
  it("embeds a document's units once, and bills each question for its own embedding only", async () => {
    const embedder = recordingEmbedder();
    const engine = createEngine({ dbPath: ":memory:", embedder });
    await engine.ingestDocuments([{ docId: asDocId("h"), title: "Harbour", text, source: "test" }]);
    const first = await engine.ask("What did the harbour master approve?", { budget: 200 });
    const callsAfterFirst = embedder.calls.length;
    const second = await engine.ask("How much was approved?", { budget: 200 });
    // The units were embedded for the first question; the second embeds only itself.
    expect(embedder.calls.length).toBe(callsAfterFirst + 1);
    expect(embedder.calls.at(-1)!.texts).toEqual(["How much was approved?"]);
    // Neither question pays for the documents' units: each pays one call of one text.
    expect(first.cost.llmCalls).toBe(1);
    expect(second.cost.llmCalls).toBe(1);
    expect(first.cost.llmTokensIn).toBe(second.cost.llmTokensIn);
    await engine.close();
  });
});
