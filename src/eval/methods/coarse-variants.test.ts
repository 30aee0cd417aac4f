import { describe, expect, it } from "vitest";
import { asDocId } from "../../index.js";
import { createCorpus } from "./corpus.js";
import { dhsaPick, dhsaScores, openBest } from "./coarse-variants.js";

describe("DHSA coarse stage", () => {
  it("pools by mean × sqrt(length): many fair leaves beat one strong leaf among many blank ones", () => {
    const scores = dhsaScores(
      new Map([
        [asDocId("broad"), [2, 2, 2, 2]],
        [asDocId("spike"), [5, 0, 0, 0, 0, 0, 0, 0, 0]],
        [asDocId("empty"), []],
      ]),
    );
    expect(scores.get(asDocId("broad"))).toBeCloseTo(2 * 2);
    expect(scores.get(asDocId("spike"))).toBeCloseTo((5 / 9) * 3);
    expect(scores.get(asDocId("empty"))).toBe(0);
  });

  it("opens documents by the engine's rule: at least the ratio of the best, at most maxDocs, none that scored 0", () => {
    const scores = new Map([["a", 10], ["b", 6], ["c", 4], ["d", 0]].map(([d, s]) => [asDocId(d as string), s as number]));
    expect(openBest(scores, { maxDocs: 16, ratio: 0.5 })).toEqual(["a", "b"]);
    expect(openBest(scores, { maxDocs: 1, ratio: 0 })).toEqual(["a"]);
    expect(openBest(scores, { maxDocs: 16, ratio: 0 })).toEqual(["a", "b", "c"]);
  });

  it("keeps a given scope, and picks the matching document in a collection", () => {
    const docs = [
      { docId: asDocId("harbour"), title: "h", text: "The harbour master approved dredging of the harbour channel. The harbour was deepened." },
      { docId: asDocId("orchard"), title: "o", text: "Apples and pears grow in the orchard by the western wall." },
    ];
    const corpus = createCorpus(docs, { maxTokens: 20 });
    const q = { id: "q", docId: asDocId("harbour"), question: "Who approved the harbour dredging?", answers: [], evidence: [] };
    expect(dhsaPick(q, [asDocId("orchard")], corpus)).toEqual(["orchard"]);
    expect(dhsaPick(q, undefined, corpus)).toEqual(["harbour"]);
    expect(dhsaPick({ ...q, question: "zebra?" }, undefined, corpus)).toEqual(["harbour", "orchard"]);
  });
});
