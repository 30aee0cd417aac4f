import fc from "fast-check";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { o200kSplit, o200kStringRanks } from "../core/o200k.js";
import { asciiMergeCount } from "./o200k-merge.js";

const PLAIN = { disallowedSpecial: new Set<string>() };

describe("asciiMergeCount", () => {
  const ranks = o200kStringRanks();

  it("has the tokenizer's rank table (else counting falls back to the slower tokenizer call)", () => {
    expect(ranks?.size).toBeGreaterThan(150_000);
  });

  it("counts every piece of random ASCII text as the tokenizer does", () => {
    const split = new RegExp(o200kSplit().source, o200kSplit().flags);
    // Printable ASCII and whitespace, weighted towards letters so pieces merge far.
    const char = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(..."etaoinshrdlucmfwypvbgkjqxzETAOINSHRDLU") },
      { weight: 2, arbitrary: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.constantFrom(" ", "  ", "\n", "\t", "'s", "'ll", "0", "12", "345") },
    );
    let pieces = 0;
    fc.assert(
      fc.property(fc.array(char, { maxLength: 120 }), (chars) => {
        for (const [piece] of chars.join("").matchAll(split)) {
          pieces++;
          expect(asciiMergeCount(piece, ranks!), JSON.stringify(piece)).toBe(countO200k(piece, PLAIN));
        }
      }),
      { numRuns: 1500 },
    );
    expect(pieces).toBeGreaterThan(2_000);
  });

  it("counts long and unusual pieces as the tokenizer does", () => {
    const words = ["antidisestablishmentarianism", " pneumonoultramicroscopicsilicovolcanoconiosis", "supercalifragilisticexpialidocious", " xqzvbnmkjh", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "0123", "!!!???...", " ", "a", "", "ZZZZZZZZZZZZ", " 'twas"];
    for (const word of words) expect(asciiMergeCount(word, ranks!), word).toBe(countO200k(word, PLAIN));
  });
});
