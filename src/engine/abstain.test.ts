/**
 * Abstention end to end: a store of two unrelated documents; each document's questions asked
 * of the other come back `found: false` (with the closest passages as citations), asked of
 * their own `found: true`; without a document given, a question no document supports too.
 */
import { describe, expect, it } from "vitest";
import { asDocId, askJson, createEngine, type LoadedDocument } from "../index.js";
import { NOT_FOUND_ANSWER } from "../answer/abstain.js";

const LIGHTHOUSE = [
  "The lighthouse at Port Mara stands on a granite headland north of the harbour.",
  "It was built in 1874 by the engineer Elsa Brandt for the Northern Lights Board.",
  "The tower is 41 metres tall and its lamp can be seen from 22 nautical miles.",
  "Its first keeper was Tomas Veld, who kept the light for thirty years.",
  "The lamp burned whale oil until 1911, when it was converted to paraffin.",
  "Visitors can climb the 187 steps to the lantern room in summer.",
].join(" ");
const BAKING = [
  "Sourdough bread is leavened by a starter of wild yeast and lactic acid bacteria.",
  "A starter is fed with flour and water every day at room temperature.",
  "The dough is usually proofed for twelve hours in a cool kitchen.",
  "Bakers score the loaf with a razor called a lame before it goes into the oven.",
  "A Dutch oven keeps the steam in during the first twenty minutes of baking.",
  "Rye flour ferments faster than wheat flour and gives a sourer crumb.",
].join(" ");

const doc = (id: string, title: string, text: string): LoadedDocument => ({ docId: asDocId(id), title, text, source: "test" });

const QUESTIONS: Record<string, readonly string[]> = {
  lighthouse: ["Who built the lighthouse at Port Mara?", "When was the Port Mara lighthouse converted to paraffin?", "Who was the first keeper of the lighthouse?"],
  baking: ["How long is sourdough dough proofed?", "What is the razor bakers use to score a loaf called?", "Which flour ferments faster than wheat flour?"],
};

describe("abstention", () => {
  it("answers a document's questions from it and abstains when they are asked of the other", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    await engine.ingestDocuments([doc("lighthouse", "Port Mara lighthouse", LIGHTHOUSE), doc("baking", "Sourdough notes", BAKING)]);
    try {
      for (const [own, other] of [["lighthouse", "baking"], ["baking", "lighthouse"]] as const) {
        for (const question of QUESTIONS[own]!) {
          const right = await engine.ask(question, { docIds: [asDocId(own)] });
          expect(right.found, `${question} of ${own}`).toBe(true);
          expect(right.answer).not.toBe(NOT_FOUND_ANSWER);
          const wrong = await engine.ask(question, { docIds: [asDocId(other)] });
          expect(wrong.found, `${question} of ${other}`).toBe(false);
          expect(wrong.answer).toBe(NOT_FOUND_ANSWER);
          expect(wrong.confidence).toBeLessThan(right.confidence);
          expect(wrong.citations.length).toBeGreaterThan(0);
          expect(wrong.citations.every((c) => c.docId === other)).toBe(true);
        }
      }
      const json = askJson(await engine.ask("What is the capital of France?")) as { found: boolean; confidence: number };
      expect(json.found).toBe(false);
      expect(json.confidence).toBeGreaterThanOrEqual(0);
    } finally {
      await engine.close();
    }
  });
});
