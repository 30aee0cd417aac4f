import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { O200K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";
import { asciiPieces, isAscii } from "./o200k-pieces.js";

const regexPieces = (text: string): string[] => [...text.matchAll(new RegExp(O200K_TOKEN_SPLIT_REGEX.source, O200K_TOKEN_SPLIT_REGEX.flags))].map((m) => m[0]);

/** Atoms that meet every branch of the pattern: words, contractions, digits, punctuation, whitespace. */
const ATOMS = [
  " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", "\v", "\f", " \n ", "'", "'s", "'S", "'ll", "'LL", "'lL", "'ve", "'Re", "'d", "'m", "'t", "'x",
  "the", "The", "ACME", "iPhone", "HTMLParser", "a", "Z", "12", "1999", "3.5", "1234567", ".", ",", "!?", "/", "//", "-", "(", ")", "\"",
  "...", "\u0000", "\u001f", "\u007f", "$", "_", "@", "#x", "http://a.b/c", "don't", "DON'T", "x's",
];

describe("o200k's split of ASCII text by hand", () => {
  it("gives the tokenizer's regex pieces on texts built from tricky atoms", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ATOMS), { maxLength: 40 }), (atoms) => {
        const text = atoms.join("");
        expect(asciiPieces(text)).toEqual(regexPieces(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the regex pieces on any ASCII characters", () => {
    const ascii = fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(ascii, { maxLength: 60 }), (chars) => {
        const text = chars.join("");
        expect(asciiPieces(text)).toEqual(regexPieces(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("splits prose as the tokenizer does", () => {
    const prose = "Section 6.2. The Licensee's fees (USD 1,250) are due on 1 May 2024;\n\n  they're NOT refundable/transferable.  \r\n";
    expect(asciiPieces(prose)).toEqual(regexPieces(prose));
    expect(asciiPieces("")).toEqual([]);
  });

  it("knows ASCII from the rest", () => {
    expect(isAscii("plain text\n")).toBe(true);
    expect(isAscii("naïve")).toBe(false);
    expect(isAscii("\u007f")).toBe(true);
    expect(isAscii("\u0080")).toBe(false);
  });
});
