import { describe, expect, it } from "vitest";
import { PecanError } from "../core/errors.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { parsePlan, planSubQuestions, PLANNER_SYSTEM } from "./subquestions.js";

const plan = (nodes: unknown[]) => JSON.stringify({ subquestions: nodes });

describe("sub-question plans", () => {
  it("orders a valid DAG parents first, whatever order the model gave", () => {
    const p = parsePlan(plan([{ id: "b", question: "Which province is that town in?", dependsOn: ["a"] }, { id: "a", question: "Where was she born?" }, { id: "c", question: "Who governs it?", dependsOn: ["b", "a"] }]));
    expect(p.ok && p.questions.map((q) => q.id)).toEqual(["a", "b", "c"]);
  });

  it("finds the JSON inside prose or a code fence", () => {
    const p = parsePlan("Here is the plan:\n```json\n" + plan([{ id: "1", question: "A?" }, { id: "2", question: "B?", dependsOn: ["1"] }]) + "\n```");
    expect(p.ok).toBe(true);
  });

  it.each([
    ["not JSON at all", "I would first look up the town.", /expected JSON shape/],
    ["a wrong shape", JSON.stringify({ questions: ["a", "b"] }), /expected JSON shape/],
    ["no split", plan([{ id: "a", question: "Where was she born?" }]), /did not split/],
    ["too many", plan(Array.from({ length: 5 }, (_, i) => ({ id: `q${i}`, question: `Q${i}?` }))), /at most 4/],
    ["a repeated id", plan([{ id: "a", question: "A?" }, { id: "a", question: "B?" }]), /repeats/],
    ["an unknown reference", plan([{ id: "a", question: "A?" }, { id: "b", question: "B?", dependsOn: ["z"] }]), /depends on z, which is not in the plan/],
    ["a self reference", plan([{ id: "a", question: "A?", dependsOn: ["a"] }, { id: "b", question: "B?" }]), /depends on itself/],
    ["a cycle", plan([{ id: "a", question: "A?", dependsOn: ["b"] }, { id: "b", question: "B?", dependsOn: ["a"] }]), /cycle/],
  ])("refuses %s with a reason", (_, text, reason) => {
    const p = parsePlan(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toMatch(reason);
  });

  it("asks the model with the planner's prompt, and gives no plan once the token budget is spent", async () => {
    const model = new ScriptedChatModel([plan([{ id: "a", question: "A?" }, { id: "b", question: "B?", dependsOn: ["a"] }]), new PecanError("E_BUDGET", "spent")]);
    const first = await planSubQuestions(model, "Which province was she born in?");
    expect(first.ok).toBe(true);
    expect(model.calls[0]!.messages[0]!.content).toBe(PLANNER_SYSTEM);
    expect(model.calls[0]!.messages[1]!.content).toContain("Which province was she born in?");
    const second = await planSubQuestions(model, "Which province was she born in?");
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.reason).toMatch(/budget/);
  });
});
