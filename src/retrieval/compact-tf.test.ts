import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TermDictionary } from "./compact-tf.js";

/** Distinct terms as the analyser makes them: non-empty, no NUL; some prefixes of others. */
const termsArb = fc.uniqueArray(fc.stringMatching(/^[a-zé0-9]{1,6}$/), { maxLength: 60 });

describe("TermDictionary", () => {
  it("finds every term's id and nothing else, and gives the term back by id", () => {
    fc.assert(
      fc.property(termsArb, fc.stringMatching(/^[a-zé0-9]{0,7}$/), (terms, probe) => {
        const dictionary = TermDictionary.stored(terms.join("\0"), terms.length);
        expect(dictionary).toBeDefined();
        terms.forEach((term, id) => {
          expect(dictionary?.idOf(term)).toBe(id);
          expect(dictionary?.termAt(id)).toBe(term);
        });
        expect(dictionary?.idOf(probe)).toBe(terms.includes(probe) ? terms.indexOf(probe) : undefined);
        // A run of two terms, or a term with its separator, is not a term.
        if (terms.length >= 2) expect(dictionary?.idOf(`${terms[0]}\0${terms[1]}`)).toBeUndefined();
        expect(() => dictionary?.termAt(terms.length)).toThrow(expect.objectContaining({ code: "E_STORE" }));
      }),
    );
  });

  it("refuses a stored dictionary that holds another number of terms", () => {
    expect(TermDictionary.stored("a\0b\0c", 3)?.idOf("c")).toBe(2);
    expect(TermDictionary.stored("a\0b\0c", 2)).toBeUndefined();
    expect(TermDictionary.stored("a\0b\0c", 4)).toBeUndefined();
    expect(TermDictionary.stored("", 0)?.idOf("a")).toBeUndefined();
    expect(TermDictionary.stored("a", 0)).toBeUndefined();
    expect(TermDictionary.of(["x", "y"]).idOf("y")).toBe(1);
  });
});
