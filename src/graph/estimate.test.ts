import { describe, expect, it } from "vitest";
import { asDocId } from "../core/ids.js";
import { countTokens } from "../ingest/tokens.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { AttributionWeigher } from "./attribution-weigher.js";
import { estimateBuildCost } from "./estimate.js";
import { buildGraph } from "./levels.js";
import { LlmSummarizer } from "./llm-summarizer.js";
import { summarizerPromptTokens } from "./llm-prompt.js";
import { packLeaves, syntheticDocument } from "../testing/graph-fixtures.js";
import { partitionWindows, DEFAULT_LEVELS } from "./windows.js";

describe("estimateBuildCost", () => {
  it("costs nothing for a document that is already small", () => {
    expect(estimateBuildCost([{ tokens: 300 }, { tokens: 300 }], {}, { promptTokens: 200, outputShare: 0.2 })).toMatchObject({
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
    });
  });

  it("counts one call per window with its input, prompt and expected output", () => {
    const leaves = Array.from({ length: 100 }, () => ({ tokens: 300 }));
    const e = estimateBuildCost(leaves, {}, { promptTokens: 200, outputShare: 0.2 });
    const first = partitionWindows(leaves.map((l) => l.tokens), DEFAULT_LEVELS).length;
    expect(e.levels[1]?.calls).toBe(first);
    expect(e.levels[1]?.tokens).toBeCloseTo(30_000 * 0.2, -1);
    expect(e.calls).toBe(e.levels.reduce((s, l) => s + l.calls, 0));
    expect(e.inputTokens).toBeGreaterThanOrEqual(30_000 + 200 * e.calls);
    expect(e.outputTokens).toBeGreaterThanOrEqual(6_000);
    const top = e.levels[e.levels.length - 1];
    expect((top?.nodes ?? 99) <= 8 || (top?.tokens ?? 1e9) <= 1500).toBe(true);
  });

  it("matches the calls of a real build whose model writes the expected share", async () => {
    const docId = asDocId("d");
    const text = syntheticDocument(3, 12_000);
    const leaves = packLeaves(docId, text, { targetTokens: 300, countTokens });
    // A model that writes about a fifth of its input as 25-token points, quoting the passages' words.
    const model = new ScriptedChatModel((request) => {
      const user = request.messages[1]?.content ?? "";
      const body = user.slice(user.indexOf("[1] "), user.lastIndexOf("\n\nWrite at most"));
      const passages = body.split(/(?:^|\n\n)\[\d+\] /).filter((p) => p !== "");
      const input = passages.reduce((s, p) => s + countTokens(p), 0);
      const words = passages.flatMap((p) => p.split(/\s+/));
      const points = Math.max(1, Math.round((input * 0.2) / 25));
      const out: string[] = [];
      let w = 0;
      for (let k = 0; k < points; k++) {
        const bullet: string[] = [];
        while (countTokens(bullet.join(" ")) < 24 && words.length > 0) bullet.push(words[w++ % words.length] ?? "x");
        out.push(`- ${bullet.join(" ")} [${(k % passages.length) + 1}]`);
      }
      return out.join("\n");
    });
    const { usage, stats } = await buildGraph({ docId, text }, leaves, { summarizer: new LlmSummarizer(model), weigher: new AttributionWeigher(), countTokens });
    const estimate = estimateBuildCost(leaves, {}, { promptTokens: summarizerPromptTokens(countTokens), outputShare: 0.2 });
    expect(estimate.calls).toBe(usage.llmCalls);
    expect(estimate.levels.length).toBe(stats.length);
    const actualInput = stats.slice(0, -1).reduce((s, l) => s + l.tokens, 0);
    expect(Math.abs(estimate.inputTokens - estimate.calls * summarizerPromptTokens(countTokens) - actualInput) / actualInput).toBeLessThan(0.1);
  });
});
