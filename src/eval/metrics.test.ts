import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  answerRecall,
  locatableAnswers,
  locateEvidence,
  locateEvidenceDetailed,
  mergeSpans,
  normalizeAnswer,
  readTextOf,
  spanRecall,
  tokensToEvidence,
} from "./metrics.js";

describe("normalizeAnswer", () => {
  it("lower-cases, drops punctuation and articles, collapses whitespace", () => {
    expect(normalizeAnswer("The  Beatles!")).toBe("beatles");
    expect(normalizeAnswer("An apple, a day.")).toBe("apple day");
    expect(normalizeAnswer("Theatre of the Absurd")).toBe("theatre of absurd");
    expect(normalizeAnswer("$1,200.50")).toBe("120050");
  });

  it("is Unicode-aware: marks fold, other scripts keep their letters", () => {
    expect(normalizeAnswer("Café")).toBe(normalizeAnswer("Cafe\u0301"));
    expect(normalizeAnswer("CAFÉ")).toBe("cafe");
    expect(normalizeAnswer("«Москва»")).toBe("москва");
    expect(normalizeAnswer("東京、日本。")).toBe("東京日本");
    expect(normalizeAnswer("ﬁnance")).toBe("finance");
  });
});

describe("answerRecall", () => {
  it("finds answers whatever their punctuation and articles", () => {
    expect(answerRecall(["the Eiffel Tower"], "They saw Eiffel tower, then left.")).toBe(true);
    expect(answerRecall(["Harry Potter's wand"], "It was Harry Potter 's wand .")).toBe(true);
    expect(answerRecall(["Half-Blood Prince"], "the Half - Blood Prince")).toBe(true);
    expect(answerRecall(["U.S."], "The U.S. Army")).toBe(true);
  });

  it("asks for word boundaries", () => {
    expect(answerRecall(["cat"], "The category is wide.")).toBe(false);
    expect(answerRecall(["art"], "Art, not the article.")).toBe(true);
    expect(answerRecall(["1999"], "In 19999 years.")).toBe(false);
  });

  it("handles scripts written without spaces, and empty answers", () => {
    expect(answerRecall(["東京"], "首都は東京です。")).toBe(true);
    expect(answerRecall(["the", "."], "the end.")).toBe(false);
    expect(answerRecall([], "anything")).toBe(false);
  });

  it("does not match across pieces that are apart in the document", () => {
    const doc = "He flew to New. Much later on. York was cold.";
    const pieces = readTextOf(doc, [
      { start: 11, end: 14 },
      { start: 31, end: 35 },
    ]);
    expect(answerRecall(["New York"], pieces)).toBe(false);
    const joined = readTextOf("in New\n  York now", [
      { start: 3, end: 6 },
      { start: 9, end: 13 },
    ]);
    expect(answerRecall(["New York"], joined)).toBe(true);
  });

  it("keeps only answers the document holds and that are not yes/no", () => {
    const doc = "No, the treaty was signed in Paris.";
    expect(locatableAnswers(["Yes", "no", "Paris", "London"], doc)).toEqual(["Paris"]);
  });
});

describe("spanRecall", () => {
  it("measures partial overlaps", () => {
    expect(spanRecall([{ start: 0, end: 10 }], [{ start: 5, end: 20 }])).toBe(0.5);
    expect(spanRecall([{ start: 0, end: 10 }], [{ start: 10, end: 20 }])).toBe(0);
    expect(spanRecall([{ start: 0, end: 10 }], [{ start: 0, end: 3 }, { start: 2, end: 5 }, { start: 8, end: 9 }])).toBeCloseTo(0.6);
    expect(spanRecall([], [{ start: 0, end: 10 }])).toBe(0);
  });

  it("counts evidence read across two nodes once", () => {
    // The evidence straddles the boundary of two leaves; reading both covers all of it.
    const evidence = [{ start: 90, end: 130 }];
    const leafA = { start: 0, end: 100 };
    const leafB = { start: 100, end: 200 };
    expect(spanRecall(evidence, [leafA])).toBe(0.25);
    expect(spanRecall(evidence, [leafB])).toBe(0.75);
    expect(spanRecall(evidence, [leafA, leafB, leafA])).toBe(1);
  });

  it("leaves whitespace out of both sides when given the text", () => {
    const doc = "abc     def";
    // Evidence "abc     def" has 6 letters; reading "abc    " covers 3 of them.
    expect(spanRecall([{ start: 0, end: 11 }], [{ start: 0, end: 7 }], doc)).toBe(0.5);
    expect(spanRecall([{ start: 0, end: 11 }], [{ start: 0, end: 7 }])).toBeCloseTo(7 / 11);
  });

  it("stays within 0..1 and is monotone in what is read", () => {
    const span = fc.tuple(fc.nat(200), fc.nat(60)).map(([s, l]) => ({ start: s, end: s + l }));
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 4 }), fc.array(span, { maxLength: 6 }), span, (ev, read, more) => {
        const r = spanRecall(ev, read);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
        expect(spanRecall(ev, [...read, more])).toBeGreaterThanOrEqual(r - 1e-12);
      }),
    );
  });
});

describe("mergeSpans", () => {
  it("sorts, joins overlapping and touching ranges, drops empty ones", () => {
    expect(mergeSpans([{ start: 5, end: 9 }, { start: 0, end: 5 }, { start: 12, end: 12 }, { start: 20, end: 25 }, { start: 21, end: 22 }])).toEqual([
      { start: 0, end: 9 },
      { start: 20, end: 25 },
    ]);
  });
});

describe("locateEvidence", () => {
  const doc = [
    "1. Term. The term of this Agreement shall be five (5) years.",
    "",
    "2. Fees.  Licensee   shall pay",
    "the fees set out in Exhibit A within thirty days.",
    "",
    "Revenue       2017     2016",
    "Products      1,200    1,100",
    "Services        300      250",
    "Total         1,500    1,350",
  ].join("\n");

  it("finds exact evidence", () => {
    const ev = "The term of this Agreement shall be five (5) years.";
    const spans = locateEvidence(doc, ev);
    expect(spans).toEqual([{ start: doc.indexOf(ev), end: doc.indexOf(ev) + ev.length }]);
    expect(locateEvidenceDetailed(doc, ev)?.method).toBe("exact");
  });

  it("finds evidence whose whitespace, case and quotes differ", () => {
    const found = locateEvidenceDetailed(doc, "licensee shall pay the fees set out in exhibit a");
    expect(found?.method).toBe("loose");
    const span = found?.spans[0];
    expect(span && doc.slice(span.start, span.end)).toBe("Licensee   shall pay\nthe fees set out in Exhibit A");
    expect(locateEvidence("He said “stop” – twice.", 'said "stop" - twice')).toEqual([{ start: 3, end: 22 }]);
  });

  it("finds long evidence piecewise, near its anchor, when its layout differs", () => {
    const ev = ["Revenue 2017 2016", "Products 1,200 1,100", "Licences 90 80", "Services 300 250", "Total 1,500 1,350"].join("\n");
    const found = locateEvidenceDetailed(doc, ev);
    expect(found?.method).toBe("pieces");
    expect(found?.share).toBeGreaterThan(0.7);
    expect(found?.share).toBeLessThan(1);
    const texts = (found?.spans ?? []).map((s) => doc.slice(s.start, s.end));
    expect(texts).toContain("Services        300      250");
    expect(texts.join(" ")).not.toContain("Licences");
  });

  it("gives undefined when the evidence is not there", () => {
    expect(locateEvidence(doc, "The licensor may terminate at will.")).toBeUndefined();
    expect(locateEvidence(doc, "   ")).toBeUndefined();
    const unrelated = ["Alpha beta gamma delta epsilon", "zeta eta theta iota kappa", "lambda mu nu xi omicron"].join("\n");
    expect(locateEvidence(doc, unrelated)).toBeUndefined();
  });

  it("maps spans back to the original text across Unicode", () => {
    const text = "Zürich  est\u00a0très   belle. 東京 は 大きい。";
    const spans = locateEvidence(text, "zürich est très belle.");
    expect(spans).toEqual([{ start: 0, end: text.indexOf(".") + 1 }]);
    const tokyo = locateEvidence(text, "東京は大きい。");
    expect(tokyo && text.slice(tokyo[0]!.start, tokyo[0]!.end)).toBe("東京 は 大きい。");
  });
});

describe("tokensToEvidence", () => {
  const doc = "Intro text here. The answer is Paris. More filler text. Final words.";
  const answerAt = { start: 17, end: 37 };
  const steps = [
    { spans: [{ start: 0, end: 16 }], tokens: 4 },
    { spans: [{ start: 38, end: 55 }], tokens: 5 },
    { spans: [{ start: 17, end: 30 }], tokens: 3 },
    { spans: [{ start: 30, end: 37 }], tokens: 2 },
    { spans: [{ start: 56, end: 68 }], tokens: 3 },
  ];

  it("counts tokens until span recall reaches 0.9", () => {
    expect(doc.slice(answerAt.start, answerAt.end)).toBe("The answer is Paris.");
    expect(tokensToEvidence(steps, [answerAt], ["Paris"], doc)).toBe(14);
    expect(tokensToEvidence(steps, [answerAt], ["Paris"], doc, 0.5)).toBe(12);
    expect(tokensToEvidence(steps.slice(0, 3), [answerAt], [], doc)).toBeUndefined();
  });

  it("without evidence, counts tokens until an answer appears", () => {
    expect(tokensToEvidence(steps, undefined, ["Paris"], doc)).toBe(14);
    expect(tokensToEvidence(steps, undefined, ["Final words"], doc)).toBe(17);
    expect(tokensToEvidence(steps, undefined, ["London"], doc)).toBeUndefined();
    expect(tokensToEvidence(steps, undefined, [], doc)).toBeUndefined();
  });
});
