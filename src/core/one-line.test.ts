import { describe, expect, it } from "vitest";
import { oneLine } from "./one-line.js";

describe("one line", () => {
  it("writes hard-wrapped text on one line, words hyphenated at line ends whole", () => {
    expect(oneLine("If the list of values  includes  ig\u2010\n\t      norespace,  lines\n   which begin")).toBe("If the list of values includes ignorespace, lines which begin");
    expect(oneLine("hy\u00adphen\u00ad\r\n  ation")).toBe("hyphenation");
  });

  it("keeps hyphens that are not breaks", () => {
    expect(oneLine("self-\ncontained")).toBe("self- contained");
    expect(oneLine("built\u2010in")).toBe("built\u2010in");
    expect(oneLine("non\u2010\n  GNU")).toBe("non\u2010 GNU");
  });
});
