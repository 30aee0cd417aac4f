import { describe, expect, it } from "vitest";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { toyDocument } from "../testing/toy-graph.js";
import { buildDocUnits } from "../retrieval/units.js";
import { analyzeQuery } from "../retrieval/query.js";
import { scoreRelevance } from "../retrieval/relevance.js";
import { runWalk } from "../retrieval/walk.js";
import { createLlmJudge, parseYesNo, yesProbability } from "./llm-judge.js";

const doc = toyDocument({ planted: "The keeper was paid 412 crowns.", at: 5 });
const view = [buildDocUnits(doc, doc.nodes, doc.edges)];
const question = "How much was the keeper paid?";
const relevance = scoreRelevance(view, analyzeQuery(question));
/** Consulted after every step, as the paper's walk does. */
const EVERY_STEP = { first: 0, growth: 1 };

describe("LLM judge", () => {
  it("reads P(yes) from log-probabilities", () => {
    expect(yesProbability([{ token: "Yes", logprob: Math.log(0.8) }, { token: "No", logprob: Math.log(0.2) }])).toBeCloseTo(0.8);
    expect(yesProbability([{ token: " no", logprob: Math.log(0.9) }, { token: "yes", logprob: Math.log(0.1) }])).toBeCloseTo(0.1);
    expect(yesProbability([{ token: "Maybe", logprob: 0 }])).toBeUndefined();
  });

  it("parses plain text leniently and refuses garbage", () => {
    expect(parseYesNo("Yes.")).toBe(1);
    expect(parseYesNo("  **No**, the passages do not say")).toBe(0);
    expect(parseYesNo("I think so")).toBeUndefined();
    expect(parseYesNo("")).toBeUndefined();
  });

  it("stops the walk when the model says yes, with the question and passages in the prompt", async () => {
    const model = new ScriptedChatModel((request) => (request.messages[1]!.content.includes("412 crowns") ? "Yes" : "No"));
    const trace = await runWalk({ view, query: analyzeQuery(question), relevance, judge: createLlmJudge(model, EVERY_STEP), policy: { budget: 2000, startShare: 0 } });
    expect(trace.stop).toBe("sufficient");
    expect(trace.steps.at(-1)!.unit.text).toContain("412 crowns");
    expect(model.calls.length).toBe(trace.judgeCalls);
    expect(model.calls[0]!.messages[1]!.content).toContain(question);
    expect(model.calls[0]!.temperature).toBe(0);
    expect(model.calls[0]!.topLogprobs).toBeGreaterThan(0);
  });

  it("prefers log-probabilities over the text", async () => {
    const model = new ScriptedChatModel(() => ({
      text: "Yes",
      finishReason: "stop",
      usage: { inputTokens: 10, outputTokens: 1 },
      logprobs: [{ token: "Yes", logprob: Math.log(0.3), top: [{ token: "No", logprob: Math.log(0.7) }] }],
    }));
    const trace = await runWalk({ view, query: analyzeQuery(question), relevance, judge: createLlmJudge(model, EVERY_STEP), policy: { budget: 200, startShare: 0 } });
    expect(trace.stop).not.toBe("sufficient");
    expect(trace.steps[0]!.probability).toBeCloseTo(0.3);
  });

  it("by default is asked on a growing schedule, so its calls read a bounded multiple of the context", async () => {
    const model = new ScriptedChatModel(() => "No");
    const trace = await runWalk({ view, query: analyzeQuery(question), relevance, judge: createLlmJudge(model), policy: { budget: 2000, maxSteps: 1000, startShare: 0 } });
    let read = 0;
    const consultedAt: number[] = [];
    for (const step of trace.steps) {
      read += step.tokens;
      if (step.probability !== undefined) consultedAt.push(read);
    }
    expect(trace.judgeCalls).toBe(consultedAt.length);
    expect(model.calls.length).toBe(trace.judgeCalls);
    expect(consultedAt[0]).toBeGreaterThanOrEqual(200);
    for (let i = 1; i < consultedAt.length; i++) expect(consultedAt[i]).toBeGreaterThanOrEqual(1.5 * consultedAt[i - 1]!);
    // Far fewer calls than steps, and all of them together read at most three times the context.
    expect(trace.judgeCalls).toBeLessThan(trace.steps.length / 4);
    expect(consultedAt.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3 * trace.tokensRead);
  });

  it("treats garbage as not yet and stays within the caps", async () => {
    const model = new ScriptedChatModel(() => "\u0000{}<html>");
    const trace = await runWalk({ view, query: analyzeQuery(question), relevance, judge: createLlmJudge(model), policy: { budget: 150, maxSteps: 50 } });
    expect(trace.stop).toBe("budget");
    expect(trace.tokensRead).toBeLessThanOrEqual(150);
  });

  it("propagates a provider failure", async () => {
    const model = new ScriptedChatModel([new Error("boom")]);
    await expect(runWalk({ view, query: analyzeQuery(question), relevance, judge: createLlmJudge(model, EVERY_STEP), policy: { budget: 200, startShare: 0 } })).rejects.toThrow("boom");
  });
});
