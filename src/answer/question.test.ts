import { describe, expect, it } from "vitest";
import { analyze } from "../core/analyze.js";
import { analyzeQuestion } from "./question.js";

describe("question analysis", () => {
  it.each([
    ["When did the first film come out?", "date"],
    ["In what year was the bridge opened?", "date"],
    ["How many moons does Mars have?", "number"],
    ["How much did the house cost?", "money"],
    ["What percentage of voters turned out?", "percent"],
    ["How long did the siege last?", "duration"],
    ["Who wrote the novel?", "person"],
    ["Which company makes the engine?", "organization"],
    ["Where was she born?", "place"],
    ["In which city is the museum?", "place"],
    ["What film did she star in?", "title"],
    ["Is the licence compatible with the GPL?", "yesno"],
    ["Does the contract allow assignment?", "yesno"],
    ["What does ignoreboth mean?", "definition"],
    ["What is a kernel?", "definition"],
    ["What are the main components of the system?", "list"],
    ["Why did the project fail?", "clause"],
    // The copula after the wh-word does not end the search for the head; the head is the phrase's last noun.
    ["What is an American company that makes small arms?", "organization"],
    // A head-like word before an article is the verb: "shares" here does not ask for a share.
    ["What county shares a border with the county where Black Hawk Township is located?", "place"],
    ["What is the name of the band?", "organization"],
    ["Simon & Simon starred which television and movie actor from the US?", "person"],
    // A wh-word after a noun opens a relative clause; the asking one comes later.
    ["Scott Howell is a consultant who has worked with the mayor of what city?", "place"],
    ["The film features an actress who starred in which 1990s show?", "title"],
    // The head noun comes before a preposition: "for seven years" does not make it a date.
    ["The film features an actress who starred in what for seven years?", "name"],
    // An amount of something other than money is a count.
    ["What amount of TEUs did the port handle in 2010?", "number"],
    ["What amount of funding did the school receive?", "money"],
    ["What amount did the school receive?", "money"],
    ["How does the walk choose a node?", "clause"],
    ['Highlight the parts (if any) of this contract related to "Governing Law" that should be reviewed by a lawyer.', "clause"],
  ])("%s → %s", (question, type) => {
    expect(analyzeQuestion(question).type).toBe(type);
  });

  it("keeps the head noun of what/which questions", () => {
    expect(analyzeQuestion("What river does the bridge cross?").head).toBe("river");
    expect(analyzeQuestion("Who designed the bridge?").head).toBeUndefined();
  });

  it("keeps content terms, weighs names and numbers more, drops the wh-frame", () => {
    const a = analyzeQuestion("When did Harry Potter first appear in 1997?");
    const terms = new Map(a.terms.map((t) => [t.term, t]));
    expect(a.wh).toBe("when");
    expect(terms.get("harry")?.specific).toBe(true);
    expect(terms.get("1997")?.specific).toBe(true);
    expect(terms.get("appear")?.specific).toBe(false);
    expect(terms.get("harry")!.weight).toBeGreaterThan(terms.get("appear")!.weight);
    expect(terms.has("when")).toBe(false);
  });
});

describe("nested questions and the what/which phrase", () => {
  it.each([
    ["Who directed the film that was shot in Leland in 1986?", true],
    ["Who is the current opposition leader in the country where Buyende is located?", true],
    ["Who directed Maximum Overdrive?", false],
    ["who plays lorraine in back to the future", false],
    ["When was the bridge opened?", false],
  ])("%s nests another: %s", (question, nested) => {
    expect(analyzeQuestion(question).nested).toBe(nested);
  });

  it("keeps the lower-case words of the what/which phrase, skipping names and figures", () => {
    expect(analyzeQuestion("What mountain range is Humboldt Peak part of?").asked).toEqual(analyze("mountain range"));
    expect(analyzeQuestion("Which Canadian actress starred in Barrier Device?").asked).toEqual(analyze("actress"));
    expect(analyzeQuestion("To which group of mountains does the Lewis Range belong?").asked).toEqual(analyze("group mountains"));
    expect(analyzeQuestion("Who designed the bridge?").asked).toEqual([]);
  });
});

describe("comparison questions", () => {
  it("finds the two options of a question that opens with 'Between'", () => {
    expect(analyzeQuestion("Between Iain Banks and Irwin Shaw, which writer has had a more diverse career?").options).toEqual(["Iain Banks", "Irwin Shaw"]);
    expect(analyzeQuestion("Which writer, between Iain Banks and Irwin Shaw, was born first?").options).toEqual(["Iain Banks", "Irwin Shaw"]);
  });
});
