import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "../core/analyze.js";
import { asDocId, asNodeId } from "../core/ids.js";
import type { GraphNode } from "../core/types.js";
import { buildLeaves } from "./chunk.js";
import { seedLeafTerms } from "./leaf-terms.js";
import { splitSentences } from "./sentences.js";

/** Pieces that stress the analyzer at sentence joints: Greek sigma, apostrophes, odd spaces, digits. */
const PIECES = [
  "The contracts were terminated.", "ΟΔΟΣ ΣΑΣ.", "Σ", "ς", "it's", "Acme’s", "'s", "1999", "3.5%", "naïve", "İstanbul",
  "e\u0301", "word", "WORD", "x", ".", "!", "?", "\"", ")", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\ufeff", "\u2028", "\u3000",
  "Section 5.2 Term.", "- item", "(a) clause", "日本語。", "Done", "Mr. Smith went.",
];

function seeded(text: string, maxTokens: number): Map<string, readonly string[]> {
  const sentences = splitSentences(text);
  const leaves = buildLeaves({ docId: asDocId("doc"), text }, { maxTokens }, undefined, sentences);
  const out = new Map<string, readonly string[]>();
  seedLeafTerms(text, leaves, sentences, analyze, (leafText, terms) => out.set(leafText, terms));
  return out;
}

describe("seedLeafTerms", () => {
  it("gives every leaf it seeds exactly analyze(leaf.text)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), fc.integer({ min: 3, max: 60 }), (pieces, maxTokens) => {
        const text = pieces.join("");
        for (const [leafText, terms] of seeded(text, maxTokens)) expect(terms).toEqual(analyze(leafText));
      }),
      { numRuns: 1500 },
    );
  });

  it("seeds the leaves of ordinary prose, and not a leaf whose sentences touch", () => {
    const prose = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} says the party shall pay.`).join(" ");
    const leaves = seeded(prose, 40);
    expect(leaves.size).toBeGreaterThan(3);
  });

  it("leaves alone a leaf whose sentences touch or are parted by other spaces", () => {
    const leaf = (text: string): GraphNode => ({ nodeId: asNodeId("d#0.0"), docId: asDocId("d"), level: 0, ordinal: 0, text, tokens: 1, spans: [{ start: 0, end: text.length }], madeBy: "chunk" });
    for (const [text, cut] of [["ΑΣ.Βeta", 3], ["ΑΣ﻿Βeta", 3], ["one two", 3]] as const) {
      const gapEnd = text === "one two" ? 3 : cut + (text.includes("﻿") ? 1 : 0);
      const sentences = [{ start: 0, end: cut }, { start: gapEnd, end: text.length }];
      const seen: string[] = [];
      seedLeafTerms(text, [leaf(text)], sentences, analyze, (t) => seen.push(t));
      expect(seen, text).toEqual([]);
    }
    const seen: string[] = [];
    seedLeafTerms("one. two", [leaf("one. two")], [{ start: 0, end: 4 }, { start: 5, end: 8 }], analyze, (t) => seen.push(t));
    expect(seen).toEqual(["one. two"]);
  });
});
