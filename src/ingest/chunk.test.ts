import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asDocId } from "../core/ids.js";
import type { GraphNode } from "../core/types.js";
import { buildLeaves, DEFAULT_CHUNK, pagesOf } from "./chunk.js";
import { countTokens } from "./tokens.js";

const docId = asDocId("doc");

/** Leaves in order, trimmed, exact slices, with only whitespace between them. */
function assertLeaves(text: string, leaves: readonly GraphNode[]): void {
  let prev = 0;
  leaves.forEach((leaf, i) => {
    const span = leaf.spans[0];
    expect(leaf.spans).toHaveLength(1);
    if (span === undefined) return;
    expect(leaf.nodeId).toBe(`doc#0.${i}`);
    expect(leaf.ordinal).toBe(i);
    expect(leaf.level).toBe(0);
    expect(leaf.madeBy).toBe("leaf");
    expect(leaf.text).toBe(text.slice(span.start, span.end));
    expect(leaf.tokens).toBe(countTokens(leaf.text));
    expect(span.start).toBeGreaterThanOrEqual(prev);
    expect(text.slice(prev, span.start).trim()).toBe("");
    expect(leaf.text.trim()).toBe(leaf.text);
    expect(leaf.text.length).toBeGreaterThan(0);
    prev = span.end;
  });
  expect(text.slice(prev).trim()).toBe("");
}

/** Over the limit only when the leaf is one code point. */
function assertWithinLimit(leaves: readonly GraphNode[], maxTokens: number): void {
  for (const leaf of leaves) {
    if (leaf.tokens > maxTokens) expect([...leaf.text]).toHaveLength(1);
  }
}

const PIECES = [
  "The", " cat", " sat", ".", " ", "\n", "\n\n", "Dr.", " Smith", "!", "?", "3.14", "é", "日本語の文章", "。",
  "😀", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "|", "\t", "- ", "#", "x\u0301", "\u08ca", "𐀀", "antidisestablishmentarianism",
];
const textArb = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((p) => p.join("")),
  fc.string({ unit: "binary", maxLength: 300 }),
);

describe("buildLeaves properties", () => {
  it("covers every non-whitespace character once with exact slices, within the token limit", () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 1, max: 60 }), (text, maxTokens) => {
        const leaves = buildLeaves({ docId, text }, { maxTokens });
        assertLeaves(text, leaves);
        assertWithinLimit(leaves, maxTokens);
      }),
      { numRuns: 300 },
    );
  });
});

describe("buildLeaves", () => {
  const sentence = (i: number): string => `Sentence number ${i} talks about the weather in some detail.`;

  it("packs whole sentences greedily up to maxTokens", () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(" ");
    const leaves = buildLeaves({ docId, text }, { maxTokens: 50 });
    assertLeaves(text, leaves);
    expect(leaves.length).toBeGreaterThan(5);
    for (const leaf of leaves) {
      expect(leaf.tokens).toBeLessThanOrEqual(50);
      expect(leaf.text).toMatch(/^Sentence number \d+.*\.$/s);
      // Greedy: a leaf could not have taken the next sentence too.
      expect(leaf.tokens + countTokens(sentence(0))).toBeGreaterThan(50);
    }
  });

  it("uses 300 tokens by default", () => {
    expect(DEFAULT_CHUNK.maxTokens).toBe(300);
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join(" ");
    const leaves = buildLeaves({ docId, text });
    for (const leaf of leaves.slice(0, -1)) {
      expect(leaf.tokens).toBeLessThanOrEqual(300);
      expect(leaf.tokens).toBeGreaterThan(250);
    }
  });

  it("prefers a paragraph break once a leaf is over 60% full", () => {
    const paragraph = (p: number): string => Array.from({ length: 7 }, (_, i) => sentence(p * 10 + i)).join(" ");
    const text = [paragraph(1), paragraph(2), paragraph(3)].join("\n\n");
    const perParagraph = countTokens(paragraph(1));
    const maxTokens = Math.ceil(perParagraph / 0.75);
    const leaves = buildLeaves({ docId, text }, { maxTokens });
    expect(leaves.map((l) => l.text)).toEqual([paragraph(1), paragraph(2), paragraph(3)]);
    const packed = buildLeaves({ docId, text }, { maxTokens, paragraphFill: 1 });
    expect(packed[0]?.text.startsWith(paragraph(1))).toBe(true);
    expect(packed[0]?.text.length).toBeGreaterThan(paragraph(1).length);
  });

  it("cuts a long sentence at whitespace so no leaf exceeds the limit", () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const leaves = buildLeaves({ docId, text: words }, { maxTokens: 40 });
    assertLeaves(words, leaves);
    for (const leaf of leaves) {
      expect(leaf.tokens).toBeLessThanOrEqual(40);
      expect(leaf.text).toMatch(/^word\d+( word\d+)*$/);
    }
  });

  it("cuts a run without whitespace on a character boundary", () => {
    const text = "😀é".repeat(400);
    const leaves = buildLeaves({ docId, text }, { maxTokens: 25 });
    assertLeaves(text, leaves);
    for (const leaf of leaves) {
      expect(leaf.tokens).toBeLessThanOrEqual(25);
      expect(leaf.text).toMatch(/^(?:😀|é)+$/u);
    }
  });

  it("gives the pages a leaf touches", () => {
    const pages = ["Page one text. It is short.", "Page two text here.", "Page three text."];
    const text = pages.join("\n\n");
    const pageStarts = [0, pages[0]!.length + 2, pages[0]!.length + pages[1]!.length + 4];
    const small = buildLeaves({ docId, text, pageStarts }, { maxTokens: 6 });
    expect(small.map((l) => [l.text, l.pages])).toEqual([
      ["Page one text.", [1]],
      ["It is short.", [1]],
      ["Page two text here.", [2]],
      ["Page three text.", [3]],
    ]);
    const whole = buildLeaves({ docId, text, pageStarts }, { maxTokens: 300, paragraphFill: 1 });
    expect(whole).toHaveLength(1);
    expect(whole[0]?.pages).toEqual([1, 2, 3]);
    expect(buildLeaves({ docId, text })[0]?.pages).toBeUndefined();
  });

  it("maps ranges to pages", () => {
    expect(pagesOf([0, 10, 20], 0, 10)).toEqual([1]);
    expect(pagesOf([0, 10, 20], 9, 11)).toEqual([1, 2]);
    expect(pagesOf([0, 10, 20], 25, 30)).toEqual([3]);
    expect(pagesOf([0, 10, 10, 20], 12, 13)).toEqual([3]);
    expect(pagesOf([], 0, 5)).toEqual([]);
  });

  it("returns no leaves for an empty text", () => {
    expect(buildLeaves({ docId, text: " \n " })).toEqual([]);
  });

  it("chunks a 100k-token document in well under a second", () => {
    const words = ["alpha", "beta", "gamma", "delta", "river", "mountain", "contract", "payment", "Mr.", "3.14"];
    let seed = 7;
    const parts: string[] = [];
    for (let s = 0; s < 6500; s++) {
      const length = 8 + (s % 17);
      const sentenceWords: string[] = [];
      for (let w = 0; w < length; w++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        sentenceWords.push(words[seed % words.length] as string);
      }
      parts.push(`The ${sentenceWords.join(" ")}.${s % 9 === 8 ? "\n\n" : " "}`);
    }
    const text = parts.join("");
    expect(countTokens(text)).toBeGreaterThan(100_000);
    // Best of three: the machine may be busy with other work.
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const leaves = buildLeaves({ docId, text });
      best = Math.min(best, performance.now() - started);
      expect(leaves.length).toBeGreaterThan(300);
    }
    expect(best).toBeLessThan(1000);
  });
});
