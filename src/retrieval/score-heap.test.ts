import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ScoreHeap } from "./score-heap.js";

describe("ScoreHeap", () => {
  it("pops entries best first, equal scores lowest unit first, as a scan would pick them", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 60 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(80)), { maxLength: 30 }), (initial, pushed) => {
        const heap = ScoreHeap.of(initial);
        const entries = initial.map((s, g) => [s, g] as const).concat(pushed.map(([s, g]) => [s, g] as const));
        for (const [s, g] of pushed) heap.push(s, g);
        const expected = [...entries].sort((a, b) => b[0] - a[0] || a[1] - b[1]);
        const popped: (readonly [number, number])[] = [];
        while (heap.size > 0) {
          const top = heap.peek()!;
          popped.push([top.score, top.unit]);
          heap.pop();
        }
        expect(popped).toEqual(expected);
        expect(heap.peek()).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
