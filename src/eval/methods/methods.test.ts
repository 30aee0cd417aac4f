import { describe, expect, it } from "vitest";
import { asDocId, countTokens } from "../../index.js";
import { DocumentTerms } from "../../graph/document-terms.js";
import { LexRankSummarizer } from "../../graph/lexrank.js";
import { clusterVectors } from "./cluster.js";
import { createCorpus } from "./corpus.js";
import { buildRaptorTree } from "./raptor.js";
import { fillBudget, UnitIndex } from "./unit-index.js";
import { reciprocalRankFusion } from "./hybrid.js";
import { maxOf } from "../../core/arrays.js";

describe("fillBudget", () => {
  it("skips what does not fit and takes the next that fits", () => {
    const tokens = [300, 300, 250, 100];
    expect(fillBudget([0, 1, 2, 3], (i) => tokens[i]!, 600)).toEqual([0, 1]);
    expect(fillBudget([0, 2, 1, 3], (i) => tokens[i]!, 600)).toEqual([0, 2]);
    expect(fillBudget([0, 2, 1, 3], (i) => tokens[i]!, 700)).toEqual([0, 2, 3]);
    expect(fillBudget([2, 3], (i) => tokens[i]!, 50)).toEqual([]);
    expect(fillBudget([0, 1, 3], (i) => tokens[i]!, 1000, (i) => i === 1)).toEqual([0, 3]);
  });
});

describe("UnitIndex", () => {
  const d1 = asDocId("d1");
  const d2 = asDocId("d2");
  const unit = (docId: typeof d1, text: string) => ({ docId, text, spans: [], tokens: 1 });
  const index = new UnitIndex([
    unit(d1, "apples and pears"),
    unit(d1, "the lighthouse keeper"),
    unit(d2, "lighthouse lighthouse lamp"),
    unit(d2, "nothing here"),
  ]);
  it("ranks by BM25 within the scope, ties in index order", () => {
    expect(index.rank("Who kept the lighthouse?", [d1])).toEqual([1, 0]);
    expect(index.rank("lighthouse lamp", undefined)).toEqual([2, 1, 0, 3]);
    expect(index.rank("zebra", undefined)).toEqual([0, 1, 2, 3]);
  });
});

describe("clusterVectors", () => {
  const terms = DocumentTerms.fromSentences(["cats purr", "dogs bark", "ships sail"]);
  const texts = ["cats purr softly", "dogs bark loudly", "cats purr often", "ships sail far", "dogs bark again", "ships sail home"];
  it("groups similar items, caps cluster size, and is deterministic", () => {
    const clusters = clusterVectors(
      texts.map((t) => terms.vector(t)),
      { target: 2, max: 2 },
    );
    expect(clusters).toEqual([
      [0, 2],
      [1, 4],
      [3, 5],
    ]);
    const capped = clusterVectors(
      texts.map((t) => terms.vector(t)),
      { target: 6, max: 3 },
    );
    expect(capped.every((c) => c.length <= 3)).toBe(true);
    expect(capped.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(clusterVectors([])).toEqual([]);
  });
});

describe("RAPTOR tree", () => {
  it("builds summary levels whose text quotes the document", async () => {
    const sentences = Array.from({ length: 120 }, (_, i) => `Topic ${i % 7} sentence ${i} talks about item${i % 5} and place${i % 3}.`);
    const text = sentences.join(" ");
    const docId = asDocId("doc");
    const corpus = createCorpus([{ docId, title: "t", text }], { maxTokens: 60 });
    const leaves = corpus.leaves(docId);
    expect(leaves.length).toBeGreaterThan(8);
    const summaries = await buildRaptorTree({ docId, title: "t", text }, leaves, new LexRankSummarizer());
    expect(summaries.length).toBeGreaterThan(0);
    expect(maxOf(summaries.map((s) => s.level))).toBeGreaterThanOrEqual(2);
    for (const s of summaries) {
      expect(s.spans.length).toBeGreaterThan(0);
      for (const span of s.spans) expect(s.text).toContain(text.slice(span.start, span.end));
      expect(s.tokens).toBe(countTokens(s.text));
    }
    expect(corpus.tokens(docId)).toBe(leaves.reduce((n, l) => n + l.tokens, 0));
    expect(corpus.sentences(docId).length).toBeGreaterThanOrEqual(leaves.length);
  });
});

describe("reciprocalRankFusion", () => {
  it("sums 1 / (k + rank) over the rankings, ties by index", () => {
    expect(reciprocalRankFusion([[2, 0, 1], [0, 2, 1]])).toEqual([0, 2, 1]);
    expect(reciprocalRankFusion([[1, 0], [0, 1]])).toEqual([0, 1]);
    expect(reciprocalRankFusion([[3], [0, 1, 2, 3]], 1)).toEqual([3, 0, 1, 2]);
  });
});
