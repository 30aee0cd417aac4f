import { describe, expect, it } from "vitest";
import { parseInformationPoints } from "./llm-parse.js";

describe("parseInformationPoints", () => {
  it("reads dash bullets with bracketed citations", () => {
    const out = "- Alice founded Acme in 1999. [2, 3]\n- Acme moved to Lyon in 2004. [4]";
    expect(parseInformationPoints(out, 4)).toEqual([
      { text: "Alice founded Acme in 1999.", cited: [2, 3] },
      { text: "Acme moved to Lyon in 2004.", cited: [4] },
    ]);
  });

  it("reads odd markers, numbering, empty lines and a preamble", () => {
    const out = [
      "Here are the information points:",
      "",
      "* Alice founded Acme. [1]",
      "",
      "• Bob joined Acme in 2001 (2)",
      "1. Carol left Acme in 2003 [passages 2-3]",
      "2) Dan sold Acme shares (passage 4).",
      "(3) Eve audited Acme [P1][P3]",
      "   - Frank opened the Lyon office. Sources: 1, 2",
    ].join("\n");
    expect(parseInformationPoints(out, 4)).toEqual([
      { text: "Alice founded Acme.", cited: [1] },
      { text: "Bob joined Acme in 2001", cited: [2] },
      { text: "Carol left Acme in 2003", cited: [2, 3] },
      { text: "Dan sold Acme shares.", cited: [4] },
      { text: "Eve audited Acme", cited: [1, 3] },
      { text: "Frank opened the Lyon office.", cited: [1, 2] },
    ]);
  });

  it("keeps years in parentheses as text, not citations", () => {
    expect(parseInformationPoints("- Acme was founded (1999) in Lyon. [1]", 3)).toEqual([
      { text: "Acme was founded (1999) in Lyon.", cited: [1] },
    ]);
  });

  it("joins continuation lines and drops markdown emphasis and headers", () => {
    const out = "## Points\n- **Alice** founded Acme\n  in Lyon in 1999. [1]\n- Bob left. [2]";
    expect(parseInformationPoints(out, 2)).toEqual([
      { text: "Alice founded Acme in Lyon in 1999.", cited: [1] },
      { text: "Bob left.", cited: [2] },
    ]);
  });

  it("reads prose as sentences", () => {
    const out = "Alice founded Acme in 1999 [1]. Later, Bob bought Acme [2, 3]. Acme now sells bicycles.";
    expect(parseInformationPoints(out, 3)).toEqual([
      { text: "Alice founded Acme in 1999.", cited: [1] },
      { text: "Later, Bob bought Acme.", cited: [2, 3] },
      { text: "Acme now sells bicycles.", cited: [] },
    ]);
  });

  it("keeps garbage numbers for the caller to filter, and does not expand absurd ranges", () => {
    const [point] = parseInformationPoints("- Alice founded Acme. [0, 7, 99999-1, 2-100000]", 3);
    expect(point?.text).toBe("Alice founded Acme.");
    expect(point?.cited).toEqual([0, 7, 99999, 1, 2, 100000]);
  });

  it("gives nothing for empty or content-free answers, and drops duplicates", () => {
    expect(parseInformationPoints("", 3)).toEqual([]);
    expect(parseInformationPoints("\n\n  \n", 3)).toEqual([]);
    expect(parseInformationPoints("- [1]\n- ...\n- N/A", 3)).toEqual([]);
    expect(parseInformationPoints("- Alice left Acme. [1]\n- Alice left Acme. [2]", 3)).toEqual([{ text: "Alice left Acme.", cited: [1] }]);
  });

  it("strips code fences", () => {
    expect(parseInformationPoints("```\n- Alice left Acme. [1]\n```", 1)).toEqual([{ text: "Alice left Acme.", cited: [1] }]);
  });
});

describe("parseInformationPoints in scripts without spaces", () => {
  it("keeps a one-word point written in Chinese", () => {
    expect(parseInformationPoints("- 阿里巴巴于1999年在杭州成立。[1]", 1)).toEqual([{ text: "阿里巴巴于1999年在杭州成立。", cited: [1] }]);
  });
});
