import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { analyze, isStopWord, joinWord, stem } from "./analyze.js";
import { wordsOf } from "../answer/sentences-read.js";

describe("hyphenation in analysed text", () => {
  it("joins a word hyphenated at a line's end (man output) and a soft hyphen inside one", () => {
    // `man bash`: "If the list of values includes ig‐" / "norespace, lines which begin ...".
    expect(analyze("values  includes  ig\u2010\n\t      norespace,  lines")).toEqual(["valu", "includ", "ignorespac", "line"]);
    expect(analyze("termi\u2010\r\n   nates")).toEqual(["terminat"]);
    expect(analyze("hy\u00adphen\u00ad\nation")).toEqual(["hyphenation"]);
    expect(analyze("ignorespace")).toEqual(analyze("ig\u2010\n  norespace"));
  });

  it("keeps compounds apart: an ASCII hyphen, a hyphen inside a line, a capital after the break", () => {
    expect(analyze("self-\ncontained")).toEqual(["self", "contain"]);
    expect(analyze("built\u2010in")).toEqual(["built"]);
    expect(analyze("non\u2010\n   GNU systems")).toEqual(["non", "gnu", "system"]);
  });

  it("gives the reader's words the same terms, over the text as written", () => {
    const text = "If the list includes ig\u2010\n   norespace, lines are not saved.";
    const words = wordsOf(text);
    expect(words.map((w) => w.term).filter((t) => t !== undefined)).toEqual(analyze(text));
    const joined = words.find((w) => w.term === analyze("ignorespace")[0])!;
    expect(text.slice(joined.start, joined.end)).toBe("ig\u2010\n   norespace");
    expect(joinWord("ig\u2010\n   norespace")).toBe("ignorespace");
  });

  it("is unchanged on text without those hyphens", () => {
    // The analyzer as it was before hyphenation joined words.
    const old = (text: string): string[] => {
      const out: string[] = [];
      for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) if (!isStopWord(m[0])) out.push(stem(m[0]));
      return out;
    };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "B", "é", " ", "\n", "-", "'", "1", ".", "İ", "x") }), (text) => {
        expect(analyze(text)).toEqual(old(text));
      }),
      { numRuns: 300 },
    );
  });
});
