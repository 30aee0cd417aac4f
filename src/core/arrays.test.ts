import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { maxOf, minOf, pushAll } from "./arrays.js";

describe("array helpers", () => {
  it("append and compare arrays far past the call-argument limit", () => {
    const big = Array.from({ length: 500_000 }, (_, i) => i);
    const target = [-1];
    pushAll(target, big);
    expect(target.length).toBe(500_001);
    expect(target[500_000]).toBe(499_999);
    expect(maxOf(big)).toBe(499_999);
    expect(minOf(big)).toBe(0);
  });

  it("agree with Math.max and Math.min on small arrays", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        expect(maxOf(xs)).toBe(Math.max(...xs)); // eslint-disable-line no-restricted-syntax
        expect(minOf(xs)).toBe(Math.min(...xs)); // eslint-disable-line no-restricted-syntax
      }),
    );
  });

  it("return the given empty value for no values", () => {
    expect(maxOf([])).toBe(-Infinity);
    expect(maxOf([], 0)).toBe(0);
    expect(minOf([], 7)).toBe(7);
  });
});
