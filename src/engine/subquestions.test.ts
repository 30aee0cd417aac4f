/**
 * Sub-questions through the engine, with the scripted chat model: the planner's DAG is walked
 * parent first, the child's walk finds the second hop through its parent's answer, the reader
 * merges; a refused plan and the model-free tier fall back to the plain walk.
 */
import { describe, expect, it } from "vitest";
import { AskResultJson, asDocId, createEngine, type ChatRequest, type LoadedDocument } from "../index.js";
import { askJson } from "./json.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { PLANNER_SYSTEM } from "../control/subquestions.js";

const filler = Array.from({ length: 30 }, (_, i) => `The orchard survey of season ${i} counted apples, pears and plums along the western wall.`);
filler[6] = "Maria Oslund, the painter, was born in Tarnby in 1902.";
filler[24] = "Tarnby lies in the province of Vestmark, where the herring boats land.";
const doc: LoadedDocument = { docId: asDocId("d"), title: "Notes", text: filler.join(" "), source: "test" };
const QUESTION = "In which province was the painter Maria Oslund born?";
const GOOD_PLAN = JSON.stringify({
  subquestions: [
    { id: "q1", question: "Where was Maria Oslund born?", dependsOn: [] },
    { id: "q2", question: "Which region is that town in?", dependsOn: ["q1"] },
  ],
});

/** Planner, judge ("No": each walk reads its share) and reader, told apart by their prompts. */
function script(plan: string) {
  return (request: ChatRequest) => {
    const system = request.messages[0]!.content;
    const user = request.messages[1]!.content;
    if (system === PLANNER_SYSTEM) return plan;
    if (user.includes("Answer Yes or No")) return "No";
    const question = user.slice(user.lastIndexOf("\n\nQuestion: "));
    const cite = (word: string) => user.split("\n").find((l) => l.includes(word))?.match(/^\[(\d+)\]/)?.[1];
    if (question.includes("Answers found for its parts")) return cite("Vestmark") ? `Vestmark [${cite("Vestmark")}].` : "Not found.";
    if (question.includes("Known:")) return cite("Vestmark") ? `Vestmark [${cite("Vestmark")}]` : "Not found.";
    return cite("Tarnby") ? `Tarnby [${cite("Tarnby")}]` : "Not found.";
  };
}

async function engineWith(chat?: ScriptedChatModel) {
  const engine = createEngine({ dbPath: ":memory:", summarizer: "lexrank", weigher: "alignment", ...(chat ? { chat } : {}) });
  await engine.ingestDocuments([doc]);
  return engine;
}

describe("sub-questions", () => {
  it("walks the plan parent first; the child finds the second hop through its parent's answer; the reader merges", async () => {
    const chat = new ScriptedChatModel(script(GOOD_PLAN));
    const engine = await engineWith(chat);
    try {
      const result = await engine.ask(QUESTION, { docIds: [doc.docId], budget: 120, subQuestions: true });
      const report = result.trace.subQuestions;
      expect(AskResultJson.parse(askJson(result)).trace.subQuestions).toEqual(report);
      expect(report?.used).toBe(true);
      if (!report?.used) return;
      expect(report.questions.map((q) => [q.id, q.answer])).toEqual([
        ["q1", expect.stringContaining("Tarnby")],
        ["q2", expect.stringContaining("Vestmark")],
      ]);
      // The child's walk was given its parent's answer, and read the sentence that only shares "Tarnby" with it.
      const childReader = chat.calls.find((c) => c.messages[1]!.content.includes("Known: Where was Maria Oslund born? Tarnby"));
      expect(childReader?.messages[1]!.content).toContain("Vestmark");
      const merged = chat.calls.at(-1)!.messages[1]!.content;
      expect(merged).toContain(`Question: ${QUESTION}\nAnswers found for its parts:`);
      expect(result.answer).toContain("Vestmark");
      expect(doc.text.slice(result.citations[0]!.start, result.citations[0]!.end)).toContain("Vestmark");
      // Each walk had half the budget; a unit read by both walks is in the context once.
      expect(report.questions.every((q) => q.tokensRead <= 60)).toBe(true);
      const keys = result.context.map((c) => `${c.spans[0]!.start}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(result.cost.llmCalls).toBe(chat.calls.length);
    } finally {
      await engine.close();
    }
  });

  it("falls back to the plain walk, saying why, when the plan has a cycle", async () => {
    const cyclic = JSON.stringify({ subquestions: [{ id: "a", question: "A?", dependsOn: ["b"] }, { id: "b", question: "B?", dependsOn: ["a"] }] });
    const engine = await engineWith(new ScriptedChatModel(script(cyclic)));
    const plainEngine = await engineWith(new ScriptedChatModel(script(GOOD_PLAN)));
    try {
      const result = await engine.ask(QUESTION, { docIds: [doc.docId], budget: 120, subQuestions: true });
      expect(result.trace.subQuestions).toEqual({ used: false, reason: expect.stringMatching(/cycle/) });
      // The JSON contract carries the report (`pecan ask --json`, POST /ask).
      expect(AskResultJson.parse(askJson(result)).trace.subQuestions).toEqual(result.trace.subQuestions);
      const plain = await plainEngine.ask(QUESTION, { docIds: [doc.docId], budget: 120 });
      expect(plain.trace.subQuestions).toBeUndefined();
      expect(result.context.map((c) => c.spans)).toEqual(plain.context.map((c) => c.spans));
    } finally {
      await engine.close();
      await plainEngine.close();
    }
  });

  it("is off by default (no planner call) and refused with a reason in the model-free tier", async () => {
    const chat = new ScriptedChatModel(script(GOOD_PLAN));
    const engine = await engineWith(chat);
    const free = await engineWith();
    try {
      await engine.ask(QUESTION, { docIds: [doc.docId], budget: 120 });
      expect(chat.calls.some((c) => c.messages[0]!.content === PLANNER_SYSTEM)).toBe(false);
      const result = await free.ask(QUESTION, { docIds: [doc.docId], budget: 120, subQuestions: true });
      expect(result.trace.subQuestions).toEqual({ used: false, reason: expect.stringMatching(/chat model/) });
    } finally {
      await engine.close();
      await free.close();
    }
  });
});
