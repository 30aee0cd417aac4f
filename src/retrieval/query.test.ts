import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeQuery, ANSWER_TYPE_BIT, answerTypeFlags, holdsAnswerType, nestsClause, quotedPhrases, quotesPhrase } from "./query.js";

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

describe("quoted phrases", () => {
  it("finds each phrase a question quotes, straight or curly, as analyzed terms, once", () => {
    expect(quotedPhrases('Highlight the parts related to "Parties" that should be reviewed. Details: the parties who signed')).toEqual([["party"]]);
    expect(quotedPhrases("Who sang “Hey Jude” and \"Hey Jude\" again?")).toEqual([["hey", "jude"]]);
    expect(quotedPhrases('What is "the" word?')).toEqual([]);
    expect(quotedPhrases("No quotes here")).toEqual([]);
    expect(analyzeQuery("No quotes here").quoted).toBeUndefined();
    expect(analyzeQuery('Related to "Renewal Term"').quoted).toEqual([["renewal", "term"]]);
  });

  it("matches a sentence that quotes the same words, whatever their case, number and inner punctuation", () => {
    const parties = quotedPhrases('related to "Parties"');
    expect(quotesPhrase('Vericel and MediWound may each be referred to herein individually as a "Party" and collectively as the "Parties."', parties)).toBe(true);
    expect(quotesPhrase("(each a “Party” and together the “Parties”).", parties)).toBe(true);
    // A sentence unit may end inside the quotes.
    expect(quotesPhrase('collectively as the "Parties.', parties)).toBe(true);
    expect(quotesPhrase("The parties agree to the terms below.", parties)).toBe(false);
    expect(quotesPhrase('The "Third Party Rights" clause.', parties)).toBe(false);
    expect(quotesPhrase('each a "Party"', [])).toBe(false);
  });
});
