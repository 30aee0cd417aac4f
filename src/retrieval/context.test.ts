import { describe, expect, it } from "vitest";
import { asDocId, nodeIdOf } from "../core/ids.js";
import { formatPassages, numberPassages } from "./context.js";
import type { ReadingUnit } from "./units.js";

function unit(doc: string, start: number, text: string, pages?: number[]): ReadingUnit {
  const docId = asDocId(doc);
  return { docId, nodeId: nodeIdOf(docId, 0, 0), node: 0, level: 0, text, spans: [{ start, end: start + text.length }], tokens: 3, ...(pages ? { pages } : {}) };
}

describe("passages", () => {
  const items = [
    { unit: unit("b", 50, "Second report, later text.", [2]), title: "Report B" },
    { unit: unit("a", 90, "$ 7,301.5", [44]), title: "Annual\nreport A" },
    { unit: unit("a", 10, "Total   revenue", [43]), title: "Annual\nreport A" },
    { unit: unit("a", 70, "84%", [43]), title: "Annual\nreport A" },
  ];

  it("numbers passages by document (first read first), then in document order", () => {
    expect(numberPassages(items).map((p) => `${p.number}:${p.unit.text}`)).toEqual(["1:Second report, later text.", "2:Total   revenue", "3:84%", "4:$ 7,301.5"]);
  });

  it("names each document once and a page only where it changes", () => {
    expect(formatPassages(numberPassages(items)).split("\n")).toEqual([
      "Document: Report B",
      "[1] (p. 2) Second report, later text.",
      "Document: Annual report A",
      "[2] (p. 43) Total revenue",
      "[3] 84%",
      "[4] (p. 44) $ 7,301.5",
    ]);
  });
});
