import { generateText, stepCountIs, type ModelMessage } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { createEngine, AskResultJson, ListJson, PassagesJson, type LoadedDocument } from "../index.js";
import { pecanTools } from "./index.js";

const filler = (topic: string, n: number): string =>
  Array.from({ length: n }, (_, i) => `Note ${i + 1} on ${topic} records routine weather number ${i * 7 + 3}.`).join(" ");
const docs: LoadedDocument[] = [
  { docId: "log" as LoadedDocument["docId"], title: "Keeper's log", text: `${filler("the lighthouse", 30)}\n\nThe fog horn sounded for eleven hours on the night of the storm.\n\n${filler("the lighthouse", 30)}`, source: "test" },
  { docId: "mill" as LoadedDocument["docId"], title: "Mill ledger", text: `${filler("the mill", 30)}\n\nThe mill ground 340 sacks of barley in October.\n\n${filler("the mill", 30)}`, source: "test" },
];

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A scripted model: calls `calls[i]` at step i, then answers with the last tool result's text. */
function scriptedModel(calls: { toolName: string; input: unknown }[]) {
  const prompts: ModelMessage[][] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      prompts.push(options.prompt as ModelMessage[]);
      const step = prompts.length - 1;
      const call = calls[step];
      if (call) {
        return {
          content: [{ type: "tool-call", toolCallId: `call-${step}`, toolName: call.toolName, input: JSON.stringify(call.input) }],
          finishReason: { unified: "tool-calls", raw: "tool_calls" },
          usage,
          warnings: [],
        };
      }
      return { content: [{ type: "text", text: "done" }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] };
    },
  });
  return { model, prompts };
}

describe("pecan/ai tools in an AI SDK tool loop", () => {
  it("lists, searches and asks, and the model sees outputs that fit the contract", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    await engine.ingestDocuments(docs);
    const { model, prompts } = scriptedModel([
      { toolName: "listDocuments", input: {} },
      { toolName: "searchPassages", input: { query: "barley sacks October", limit: 3 } },
      { toolName: "ask", input: { question: "How long did the fog horn sound?", docIds: ["log"] } },
    ]);
    const result = await generateText({ model, tools: pecanTools(engine), stopWhen: stepCountIs(6), prompt: "Use the documents." });
    expect(result.steps.map((s) => s.toolCalls.map((c) => c.toolName))).toEqual([["listDocuments"], ["searchPassages"], ["ask"], []]);
    expect(result.text).toBe("done");

    const outputs = result.steps.flatMap((s) => s.toolResults.map((r) => r.output));
    const list = ListJson.parse(outputs[0]);
    expect(list.map((d) => d.docId).sort()).toEqual(["log", "mill"]);
    const search = PassagesJson.parse(outputs[1]);
    expect(search.passages.length).toBeGreaterThan(0);
    expect(search.passages.length).toBeLessThanOrEqual(3);
    expect(search.passages.some((p) => p.text.includes("340 sacks"))).toBe(true);
    const answer = AskResultJson.parse(outputs[2]);
    expect(answer.answer).toContain("eleven hours");
    expect(answer.citations.every((c) => c.docId === "log")).toBe(true);
    // The model's last prompt carries the ask tool's result back to it.
    expect(JSON.stringify(prompts.at(-1))).toContain("eleven hours");
    await engine.close();
  });

  it("keeps to the documents it was scoped to, and refuses input that breaks the schema", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    await engine.ingestDocuments(docs);
    const { model } = scriptedModel([
      { toolName: "ask", input: { question: "How many sacks of barley?", docIds: ["mill"] } },
      { toolName: "ask", input: { question: "" } },
    ]);
    const result = await generateText({ model, tools: pecanTools(engine, { docIds: ["log"] }), stopWhen: stepCountIs(4), prompt: "?" });
    const first = AskResultJson.parse(result.steps[0]!.toolResults[0]!.output);
    expect(first.trace.documents).toEqual(["log"]);
    // The empty question never reaches the engine: the SDK reports a tool error to the model.
    const errors = result.steps[1]!.content.filter((p) => p.type === "tool-error");
    expect(errors).toHaveLength(1);
    await engine.close();
  });
});
