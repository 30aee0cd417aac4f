import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addToStats, emptyStats, mergeStats } from "./bm25.js";

describe("mergeStats", () => {
  it("gives the document frequencies, count and length of the parts counted together", () => {
    const items = fc.array(fc.array(fc.constantFrom("a", "b", "c", "d", "e"), { maxLength: 6 }), { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(items, { minLength: 2, maxLength: 5 }), (parts) => {
        const tfOf = (words: readonly string[]): Map<string, number> => new Map(words.map((w) => [w, 1]));
        const counted = parts.map((p) => {
          const stats = emptyStats();
          addToStats(stats, p.map(tfOf), p.map((w) => w.length));
          return stats;
        });
        const together = emptyStats();
        const all = parts.flat();
        addToStats(together, all.map(tfOf), all.map((w) => w.length));
        const merged = mergeStats(counted);
        expect(merged.count).toBe(together.count);
        expect(merged.totalLength).toBe(together.totalLength);
        for (const term of ["a", "b", "c", "d", "e", "z"]) expect(merged.df.get(term)).toBe(together.df.get(term));
        expect(new Map(merged.df)).toEqual(together.df);
        expect(merged.df.size).toBe(together.df.size);
      }),
    );
  });
});
