import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeQuery, ANSWER_TYPE_BIT, answerTypeFlags, holdsAnswerType, nestsClause } from "./query.js";

describe("answerTypeFlags", () => {
  it("sets the bit of each type holdsAnswerType finds, and only those", () => {
    const words = ["Mary", "Ann", "Lee", "born", "in", "May", "1990", "at", "3", "years", "the", "Town", "Hall", ",", "."];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 12 }), (parts) => {
        const text = parts.join(" ");
        const flags = answerTypeFlags(text);
        for (const type of ["number", "date", "name"] as const) expect((flags & ANSWER_TYPE_BIT[type]) !== 0).toBe(holdsAnswerType(text, type));
      }),
    );
    expect(answerTypeFlags("Smith Jones arrived in 1990.")).toBe(7);
    expect(answerTypeFlags("nothing to see")).toBe(0);
  });
});

describe("nestsClause", () => {
  it("finds a noun phrase that a relative clause qualifies: the question's first hop", () => {
    expect(nestsClause("Who was the first president of the association which published Journal of Psychotherapy Integration?")).toBe(true);
    expect(nestsClause("What is the name of the waterfall in the country where the Bubye River is found?")).toBe(true);
    expect(nestsClause("When did the state whose official sport is jousting make anglicanism its established religion?")).toBe(true);
    expect(nestsClause("Who directed the film that was shot in or around Leland, North Carolina in 1986")).toBe(true);
  });

  it("does not fire on a plain question, or on a wh-word that opens it", () => {
    expect(nestsClause("When was the first harry potter book released in uk")).toBe(false);
    expect(nestsClause("Who does the voice of phineas on phineas and ferb")).toBe(false);
    expect(nestsClause("What models are used in the experiment?")).toBe(false);
    expect(nestsClause("Which band was formed first?")).toBe(false);
  });

  it("is a function of the text alone", () => {
    const q = analyzeQuery("Who led the team that won?");
    expect(nestsClause(q.text)).toBe(true);
    expect(nestsClause(q.text.toUpperCase())).toBe(true);
  });
});
