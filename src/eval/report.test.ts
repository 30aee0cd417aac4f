import { describe, expect, it } from "vitest";
import { logTicks, recallPlot, tokenLabel } from "./svg.js";
import { median, summarize, type RunRecord } from "./summary.js";
import { goalLines } from "./report.js";
import type { DatasetRun } from "./run.js";

const rec = (method: string, budget: number | null, recall: number, tokens: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  method,
  budget,
  recall,
  tokens,
  steps: 1,
  ms: 1,
  spanRecall: recall,
  ...extra,
});

describe("summaries", () => {
  const kinds = new Map([
    ["pecan", "adaptive" as const],
    ["bm25-chunks", "budget" as const],
    ["full", "whole" as const],
  ]);
  const records = [
    rec("bm25-chunks", 500, 0.5, 480, { tokensToEvidence: 300 }),
    rec("bm25-chunks", 500, 1, 500, { tokensToEvidence: 100 }),
    rec("pecan", 500, 0, 80, { stop: "sufficient" }),
    rec("pecan", 500, 1, 300, { stop: "sufficient", tokensToEvidence: 120 }),
    rec("full", null, 1, 5000, { tokensToEvidence: 2000 }),
    rec("full", null, 1, 3000, { tokensToEvidence: 1000 }),
  ];
  const s = summarize(records, kinds);

  it("averages per method and budget, in method order", () => {
    expect(s.map((x) => `${x.method}@${x.budget}`)).toEqual(["pecan@500", "bm25-chunks@500", "full@null"]);
    const chunks = s[1]!;
    expect(chunks.recall).toBe(0.75);
    expect(chunks.tokens).toBe(490);
    expect(chunks.tokensToEvidence).toBe(200);
    expect(chunks.evidenceRead).toBe(1);
  });

  it("reports the judge's premature stops and late tokens", () => {
    const pecan = s[0]!;
    expect(pecan.premature).toBe(0.5);
    expect(pecan.late).toBe(180);
    expect(pecan.stops).toEqual({ sufficient: 2 });
    expect(pecan.tokensToEvidence).toBeNull();
  });

  it("takes medians with misses as infinite", () => {
    expect(median([1, Infinity, 3])).toBe(3);
    expect(median([1, Infinity])).toBeNull();
    expect(median([])).toBeNull();
  });

  it("checks the goal of the issue", () => {
    const d = { summaries: s } as unknown as DatasetRun;
    const lines = goalLines(d);
    expect(lines.some((l) => l.includes("adaptive pecan (cap 500)") && l.includes("misses"))).toBe(true);
  });
});

describe("plots", () => {
  it("puts 1-2-5 ticks on a log axis and labels tokens briefly", () => {
    expect(logTicks(100, 10000)).toEqual([100, 200, 500, 1000, 2000, 5000, 10000]);
    expect(tokenLabel(500)).toBe("500");
    expect(tokenLabel(2500)).toBe("2.5k");
    expect(tokenLabel(40000)).toBe("40k");
  });

  it("draws lines, adaptive points, the full document, a legend, and escapes text", () => {
    const svg = recallPlot({
      title: "set <a&b>",
      yLabel: "span recall",
      summaries: summarize(
        [rec("bm25-chunks", 500, 0.4, 480), rec("bm25-chunks", 1000, 0.6, 990), rec("pecan", 1000, 0.5, 300, { stop: "sufficient" }), rec("full", null, 1, 20000)],
        new Map([
          ["bm25-chunks", "budget" as const],
          ["pecan", "adaptive" as const],
          ["full", "whole" as const],
        ]),
      ),
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("set &lt;a&amp;b&gt;");
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain("≤1k");
    expect(svg).toContain("full (whole document)");
    expect(svg).toContain(">20k<");
  });
});
