import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { candidatesOf, LIST, listSpan } from "./candidates.js";

const spans = (text: string): string[] => candidatesOf(text).map((c) => `${c.kind}:${text.slice(c.start, c.end)}`);

describe("candidate spans: names", () => {
  it("names the person after a title inside a run of capitalised words", () => {
    expect(spans("The idea was conceived by former Mississippi Governor William Winter in 1978.")).toContain("name:William Winter");
    expect(spans("Tostig was an Anglo-Saxon Earl of Northumbria and brother of King Harold.")).toContain("name:Northumbria");
    // The whole run stays a candidate too.
    expect(spans("The idea was conceived by former Mississippi Governor William Winter in 1978.")).toContain("name:Mississippi Governor William Winter");
  });

  it("does not split a run without a title", () => {
    expect(spans("He worked for the Bank of England for years.").filter((s) => s.startsWith("name:"))).toEqual(["name:Bank of England"]);
  });

  it("reads a month and a figure as a date, not a name", () => {
    expect(spans("He graduated on February 11 from the school.")).not.toContain("name:February 11");
    expect(spans("He graduated on February 11 from the school.")).toContain("date:February 11");
    expect(spans("On February 11 Theresa spoke.")).toContain("name:Theresa");
  });
});

describe("candidate spans: dates and numbers", () => {
  it("reads number words only as whole words", () => {
    const found = spans("He represented Tennessee for ten years, in the sixth term, and wrote seventeen bills.");
    expect(found).toContain("number:ten years");
    expect(found).toContain("number:seventeen bills");
    expect(found.some((s) => /^(?:number|duration):(?:Ten|six)\b/.test(s))).toBe(false);
    expect(spans("Twenty-one members voted.")).toContain("number:Twenty-one members");
  });

  it("reads a century written in words", () => {
    expect(spans("Carriers have evolved since the early twentieth century.")).toContain("date:early twentieth century");
    expect(spans("It was built in the twenty-first century.")).toContain("date:twenty-first century");
  });

  it("reads days of one month as one date", () => {
    expect(spans("On March 2 and 3, 2012, a tornado outbreak occurred.")).toContain("date:March 2 and 3, 2012");
  });

  it("does not read a day and the year after it as one figure", () => {
    expect(spans("On March 2 and 3, 2012, a tornado outbreak occurred.")).not.toContain("number:3, 201");
    expect(spans("It sold 1, 250 copies.")).toContain("number:1, 250 copies");
  });
});

describe("candidate spans: lists", () => {
  it("finds the enumeration the list expression finds, where it finds it, without trying every start", () => {
    const pieces = ["a", "Bc", "7", " ", "  ", ",", ", ", ";", ":", "(", ")", ".", " and ", " or ", "and", "\n", "é", "😀", "\uD800", "x".repeat(29), "y".repeat(59), "z".repeat(60)];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        const m = LIST.exec(text);
        expect(listSpan(text)).toEqual(m ? { start: m.index, end: m.index + m[0].length } : undefined);
      }),
      { numRuns: 3000 },
    );
    const line = "Revenue, cost of sales, gross margin, selling and administrative expense, and net income";
    expect(listSpan(line)).toEqual({ start: 0, end: line.length });
    expect(listSpan("no list here, at all")).toBeUndefined();
  });
});
