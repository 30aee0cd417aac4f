import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asDocId } from "../index.js";
import { createFidelityTally, EXHAUSTIVE_METHOD, fidelityTable, iou } from "./fidelity.js";
import type { Reading } from "./methods/method.js";

const reading = (parts: [string, number][]): Reading => ({
  steps: parts.map(([d, start]) => ({ docId: asDocId(d), spans: [{ start, end: start + 10 }], tokens: 10 })),
  tokens: parts.length * 10,
  ms: 0,
});

describe("coarse-stage fidelity", () => {
  it("IoU is symmetric, in [0, 1], and 1 exactly for equal sets", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 20 })), fc.uniqueArray(fc.integer({ min: 0, max: 20 })), (a, b) => {
        const x = new Set(a);
        const y = new Set(b);
        const v = iou(x, y);
        expect(v).toBe(iou(y, x));
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        const same = x.size === y.size && a.every((e) => y.has(e));
        expect(v === 1).toBe(same);
      }),
    );
  });

  it("averages each coarse method's overlap with the exhaustive walk per budget, over ranges and documents", () => {
    const tally = createFidelityTally();
    const budgets = [20, 40];
    // Question 1: at 20 the same two ranges; at 40 one of three shared ranges differs, and a document the coarse stage never opened.
    tally.add(
      new Map([
        [EXHAUSTIVE_METHOD, [reading([["a", 0], ["a", 10]]), reading([["a", 0], ["a", 10], ["b", 0]])]],
        ["pecan-fill", [reading([["a", 0], ["a", 10]]), reading([["a", 0], ["a", 10], ["a", 20]])]],
        ["bm25-chunks", [reading([]), reading([])]],
      ]),
      budgets,
    );
    // Question 2: nothing shared.
    tally.add(new Map([[EXHAUSTIVE_METHOD, [reading([["c", 0]]), reading([["c", 0]])]], ["pecan-fill", [reading([["a", 0]]), reading([["a", 0]])]]]), budgets);
    const rows = tally.rows();
    expect(rows.map((r) => r.method)).toEqual(["pecan-fill", "pecan-fill"]);
    const at = (b: number) => rows.find((r) => r.budget === b)!;
    expect(at(20).unitIoU).toBeCloseTo((1 + 0) / 2);
    expect(at(40).unitIoU).toBeCloseTo((2 / 4 + 0) / 2);
    expect(at(40).documentIoU).toBeCloseTo((1 / 2 + 0) / 2);
    expect(at(40).questions).toBe(2);
    expect(fidelityTable(rows)).toContain("| pecan-fill | 40 | 2 | 0.250 | 0.250 |");
  });

  it("reports nothing without the exhaustive walk", () => {
    const tally = createFidelityTally();
    tally.add(new Map([["pecan-fill", [reading([["a", 0]])]]]), [20]);
    expect(tally.rows()).toEqual([]);
  });
});
