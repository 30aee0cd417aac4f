/**
 * Abstention end to end: a store of two unrelated documents; each document's questions asked
 * of the other come back `found: false` (with the closest passages as citations), asked of
 * their own `found: true`; without a document given, a question no document supports too.
 */
import { describe, expect, it } from "vitest";
import { asDocId, askJson, createEngine, type LoadedDocument } from "../index.js";
import { DEFAULT_ABSTAIN, NOT_FOUND_ANSWER, rightProbability, supportProbability } from "../answer/abstain.js";
import { extractAnswer } from "../answer/extract.js";
import { createLlmReader } from "../answer/llm-reader.js";
import { createExtractiveReader } from "../answer/extractive-reader.js";
import type { Reader, ReaderInput } from "../answer/reader.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";

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

/** A reader that keeps its input. */
function keeping(inner: Reader, keep: (input: ReaderInput) => void): Reader {
  return { id: inner.id, read: (input) => (keep(input), inner.read(input)) };
}

describe("what confidence means for each reader", () => {
  it("is the chance the extractive answer is right, and for an LLM reader the support probability of what was read", async () => {
    const engine = createEngine({ dbPath: ":memory:" });
    await engine.ingestDocuments([doc("lighthouse", "Port Mara lighthouse", LIGHTHOUSE)]);
    try {
      const question = "Who built the lighthouse at Port Mara?";
      let input: ReaderInput | undefined;
      const extractive = await engine.ask(question, { docIds: [asDocId("lighthouse")], reader: keeping(createExtractiveReader(), (i) => (input = i)) });
      const x = extractAnswer(question, input!.items, {}, input!.termIdf);
      expect(extractive.confidence).toBeCloseTo(rightProbability(x.features), 4);
      // An LLM reader gives no probability of its own: its confidence is the support model's over the same reading.
      const model = new ScriptedChatModel(() => "It was built by Elsa Brandt [1].");
      const llm = await engine.ask(question, { docIds: [asDocId("lighthouse")], reader: keeping(createLlmReader(model), (i) => (input = i)) });
      const y = extractAnswer(question, input!.items, {}, input!.termIdf);
      expect(llm.found).toBe(true);
      expect(llm.confidence).toBeCloseTo(supportProbability(y.features), 4);
      expect(llm.confidence).toBeGreaterThanOrEqual(DEFAULT_ABSTAIN.threshold);
      // Told by the model that the passages do not hold it, the LLM reader is not found, and its confidence stays below the threshold.
      const silent = new ScriptedChatModel(() => "The passages do not contain the answer.");
      const none = await engine.ask(question, { docIds: [asDocId("lighthouse")], reader: createLlmReader(silent) });
      expect(none.found).toBe(false);
      expect(none.confidence).toBeLessThanOrEqual(DEFAULT_ABSTAIN.threshold);
    } finally {
      await engine.close();
    }
  });
});
