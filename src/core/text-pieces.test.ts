import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { boundedPieces, countInPieces, hasLongRun, MAX_RUN_CHARS } from "./text-pieces.js";

const longestRun = (text: string): number => Math.max(0, ...(text.match(/\S+/g) ?? []).map((r) => r.length)); // eslint-disable-line no-restricted-syntax

const textWithRuns = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(" ", "\n", "\t"),
      fc.integer({ min: 1, max: 1200 }).map((n) => "x".repeat(n)),
      fc.integer({ min: 1, max: 400 }).map((n) => "😀".repeat(n)),
      fc.integer({ min: 1, max: 900 }).map((n) => "<".repeat(n)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));

describe("bounded pieces", () => {
  it("concatenate to the text, bound every run, and keep surrogate pairs whole", () => {
    fc.assert(
      fc.property(textWithRuns, (text) => {
        const pieces = [...boundedPieces(text)];
        expect(pieces.join("")).toBe(text);
        for (const piece of pieces) {
          expect(longestRun(piece)).toBeLessThanOrEqual(MAX_RUN_CHARS);
          expect(piece.length).toBeGreaterThan(0);
          expect(/^[\udc00-\udfff]/u.test(piece) || /[\ud800-\udbff]$/u.test(piece)).toBe(false);
        }
      }),
    );
  });

  it("leave ordinary text whole, so its token count is the tokenizer's own", () => {
    const prose = "The licensee shall keep the source code available for at least three years. ".repeat(200);
    expect(hasLongRun(prose)).toBe(false);
    expect([...boundedPieces(prose)]).toEqual([prose]);
    expect(countInPieces(prose, (p) => countO200k(p))).toBe(countO200k(prose));
  });

  it("count a cut run within one token per cut of the whole count", () => {
    const run = "ab1".repeat(2000);
    const pieces = Math.ceil(run.length / MAX_RUN_CHARS);
    const exact = countO200k(run);
    expect(Math.abs(countInPieces(run, (p) => countO200k(p)) - exact)).toBeLessThanOrEqual(pieces);
  });
});
