import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxOf, minOf } from "../../core/arrays.js";
import { generatedFixture } from "../../testing/store-fixtures.js";
import { prepareDocument } from "../prepare.js";
import { packDocumentPostings } from "./write.js";

describe("packDocumentPostings", () => {
  it("packs every posting once, in node order, leaves first, with each node's length and its leaves' bound", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 300, max: 5_000 }), (seed, chars) => {
        const { doc, graph } = generatedFixture(`d${seed}`, seed, chars);
        const prepared = prepareDocument(doc, graph);
        const rows = packDocumentPostings(prepared.nodes);
        const totals = new Map<number, number>();
        let entries = 0;
        for (const row of rows.values()) {
          expect(row.levels).toHaveLength(row.nodes.length);
          expect(row.tfs).toHaveLength(row.nodes.length);
          expect(row.lengths).toHaveLength(row.nodes.length);
          expect(row.nodes.every((n, i) => i === 0 || n > (row.nodes[i - 1] ?? -1))).toBe(true);
          expect(row.levels.slice(0, row.leaves).every((l) => l === 0)).toBe(true);
          expect(row.levels.slice(row.leaves).every((l) => l > 0)).toBe(true);
          expect(row.maxTf).toBe(maxOf(row.tfs.slice(0, row.leaves), 0));
          expect(row.minLength).toBe(minOf(row.lengths.slice(0, row.leaves), 0));
          row.nodes.forEach((n, i) => {
            expect(row.lengths[i]).toBe(prepared.nodes[n]?.length);
            totals.set(n, (totals.get(n) ?? 0) + (row.tfs[i] ?? 0));
          });
          entries += row.nodes.length;
        }
        expect(entries).toBe(prepared.nodes.reduce((n, p) => n + p.terms.size, 0));
        prepared.nodes.forEach((p, i) => expect(totals.get(i) ?? 0).toBe(p.length));
      }),
      { numRuns: 25 },
    );
  });
});
