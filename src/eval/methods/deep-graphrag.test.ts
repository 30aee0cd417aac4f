import { describe, expect, it } from "vitest";
import { asDocId } from "../../index.js";
import { createCorpus } from "./corpus.js";
import { deepGraphRag } from "./deep-graphrag.js";

const topics = ["apple orchards and their pears", "the harbour and its dredging", "the railway bridge over the gorge", "seabirds nesting on the beach"];
const paragraphs = Array.from({ length: 24 }, (_, i) => `Paragraph ${i} is about ${topics[i % 4]}, and it records ${topics[i % 4]} in detail for the archive.`);
paragraphs[13] = "The harbour master approved 412 crowns for dredging the harbour channel.";
const text = paragraphs.join("\n\n");
const docId = asDocId("d");

describe("deep-graphrag", () => {
  it("reads the leaves under its beam first, every leaf once, within the budget", async () => {
    const corpus = createCorpus([{ docId, title: "t", text }], { maxTokens: 40 });
    const prepared = await deepGraphRag.prepare(corpus);
    const question = { id: "q", docId, question: "How much did the harbour master approve for dredging?", answers: [], evidence: [] };
    const [small, large] = await prepared.read(question, [docId], [60, 100_000]);
    const leafText = (s: { spans: readonly { start: number; end: number }[] }) => text.slice(s.spans[0]!.start, s.spans[0]!.end);
    expect(small!.tokens).toBeLessThanOrEqual(60);
    expect(leafText(small!.steps[0]!)).toContain("412 crowns");
    // With room for everything, every leaf is read exactly once.
    const all = large!.steps.map(leafText);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(corpus.leaves(docId).length);
  });
});
