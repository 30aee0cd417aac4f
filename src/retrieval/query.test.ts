import { describe, expect, it } from "vitest";
import { analyzeQuery, nestsClause } from "./query.js";

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
