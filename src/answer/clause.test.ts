import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clauseAround } from "./clause.js";

const cut = (text: string, part: string): string => {
  const start = text.indexOf(part);
  const c = clauseAround(text, start, start + part.length);
  return text.slice(c.start, c.end);
};

describe("clauseAround", () => {
  it("cuts at semicolons, spaced dashes and a comma before a conjunction, outside the range", () => {
    const text = "Harry Potter was published on 16 July 2005 ; it sold 9 million copies , which was a record -- more than any book before.";
    expect(cut(text, "9 million")).toBe("it sold 9 million copies");
    expect(cut(text, "16 July 2005")).toBe("Harry Potter was published on 16 July 2005");
    expect(cut(text, "any book")).toBe("more than any book before.");
  });

  it("keeps the whole sentence when no break lies outside the range", () => {
    const text = "The season premiered on July 16 , 2017 , and concluded on August 27 , 2017 .";
    const start = text.indexOf("July");
    const end = text.indexOf("2017 .") + 4;
    expect(clauseAround(text, start, end)).toEqual({ start: 0, end: text.length });
  });

  it("always covers the range it is given", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        const c = clauseAround(text, start, end);
        const inner = text.slice(start, end).trim();
        expect(c.start).toBeLessThanOrEqual(c.end);
        expect(text.slice(c.start, c.end)).toContain(inner);
      }),
    );
  });
});
