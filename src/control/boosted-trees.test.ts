import { describe, expect, it } from "vitest";
import { fitBoosted, treeMargin } from "../../scripts/boost.js";
import { logistic, type JudgeWeights } from "./calibrated-judge.js";

// Labels that depend on an interaction (both features high); a grid of points, so the data are
// the same at every run.
const samples = Array.from({ length: 400 }, (_, i) => {
  const x = [(i % 20) / 19, Math.floor(i / 20) / 19];
  return { x, y: x[0]! > 0.5 && x[1]! > 0.5 ? 1 : 0, weight: 1, base: 0 };
});

describe("boosted trees for the judge (fit-judge.ts --trees)", () => {
  it("fit an interaction, and the judge's logistic adds their leaves as fitted", () => {
    const trees = fitBoosted(samples, { rounds: 60, depth: 2, rate: 0.3 });
    const p = (x: readonly number[]) => 1 / (1 + Math.exp(-treeMargin(trees, x)));
    expect(p([0.9, 0.9])).toBeGreaterThan(0.9);
    expect(p([0.9, 0.1])).toBeLessThan(0.1);
    expect(p([0.1, 0.9])).toBeLessThan(0.1);
    expect(p([0.1, 0.1])).toBeLessThan(0.1);
    const weights: JudgeWeights = { version: 9, features: ["a", "b"], weights: [0, 0], bias: 0, threshold: 0.5, trees };
    for (const s of samples) expect(logistic(weights, s.x)).toBeCloseTo(p(s.x), 12);
  });

  it("are deterministic and start from the given margin", () => {
    expect(fitBoosted(samples, { rounds: 10 })).toEqual(fitBoosted(samples, { rounds: 10 }));
    // Labels already fitted by the base margin leave nothing to correct.
    const fitted = samples.map((s) => ({ ...s, base: s.y === 1 ? 20 : -20 }));
    const trees = fitBoosted(fitted, { rounds: 5 });
    for (const s of samples) expect(Math.abs(treeMargin(trees, s.x))).toBeLessThan(0.01);
  });
});
