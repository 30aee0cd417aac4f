import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_LEVELS, isSmallLevel, levelOptions, levelShrinks, partitionWindows } from "./windows.js";

describe("partitionWindows", () => {
  it("covers the level in order with windows of at least minWindowNodes, up to about windowTokens", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 800 }), { minLength: 0, maxLength: 200 }),
        fc.integer({ min: 50, max: 4000 }),
        fc.integer({ min: 1, max: 4 }),
        (tokens, windowTokens, minWindowNodes) => {
          const windows = partitionWindows(tokens, { windowTokens, minWindowNodes });
          let next = 0;
          for (const [a, b] of windows) {
            expect(a).toBe(next);
            expect(b).toBeGreaterThan(a);
            next = b;
            if (tokens.length >= minWindowNodes) expect(b - a).toBeGreaterThanOrEqual(minWindowNodes);
          }
          expect(next).toBe(tokens.length);
          // A window is over the limit only if it needed its minimum nodes, or took in a short tail.
          windows.forEach(([a, b], i) => {
            const sum = tokens.slice(a, b).reduce((s, t) => s + t, 0);
            if (sum > windowTokens && b - a > minWindowNodes) expect(i).toBe(windows.length - 1);
          });
        },
      ),
    );
  });

  it("cuts the documented example", () => {
    expect(partitionWindows([1000, 1000, 1000, 1000], DEFAULT_LEVELS)).toEqual([[0, 4]]);
    expect(partitionWindows([1000, 1000, 1000, 1000, 1000, 1000], DEFAULT_LEVELS)).toEqual([[0, 3], [3, 6]]);
    expect(partitionWindows([5000, 5000, 5000], DEFAULT_LEVELS)).toEqual([[0, 3]]);
  });
});

describe("level rules", () => {
  it("calls a level small by nodes or by tokens", () => {
    expect(isSmallLevel(Array(8).fill(1000), DEFAULT_LEVELS)).toBe(true);
    expect(isSmallLevel(Array(9).fill(100), DEFAULT_LEVELS)).toBe(true);
    expect(isSmallLevel(Array(9).fill(200), DEFAULT_LEVELS)).toBe(false);
  });
  it("says a level shrinks when it has fewer nodes or fewer tokens", () => {
    expect(levelShrinks([100, 100], [10, 10, 10])).toBe(true);
    expect(levelShrinks([100, 100], [150])).toBe(true);
    expect(levelShrinks([100, 100], [100, 100])).toBe(false);
  });
  it("rejects bad options with E_CONFIG", () => {
    expect(() => levelOptions({ windowTokens: 0 })).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
    expect(() => levelOptions({ maxDepth: NaN })).toThrow(expect.objectContaining({ code: "E_CONFIG" }));
    expect(levelOptions({})).toEqual(DEFAULT_LEVELS);
  });
});
