import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentPostings, forEachPosting, packPostings, type PackedPosting } from "./postings-blob.js";

describe("DocumentPostings", () => {
  it("packs every term's postings byte for byte as packPostings does, in sorted term order", () => {
    const posting = fc.record({
      term: fc.constantFrom("contract", "term", "zeta", "Ärger", "\u{1F600}", "a"),
      id: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      level: fc.integer({ min: 0, max: 6 }),
      tf: fc.integer({ min: 1, max: 1000 }),
      length: fc.integer({ min: 0, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(posting, { maxLength: 60 }), fc.boolean(), (list, ascending) => {
        // Ids unique per term, as node ids are; ascending (the put's order) or in any order.
        const seen = new Set<string>();
        const rows = list.filter((p) => !seen.has(`${p.term}/${p.id}`) && seen.add(`${p.term}/${p.id}`));
        if (ascending) rows.sort((a, b) => a.id - b.id);
        const doc = new DocumentPostings();
        const byTerm = new Map<string, PackedPosting[]>();
        for (const p of rows) {
          doc.add(p.term, p.id, p.level, p.tf, p.length);
          byTerm.set(p.term, [...(byTerm.get(p.term) ?? []), p]);
        }
        const blobs = [...doc.blobs()];
        expect(blobs.map(([term]) => term)).toEqual([...byTerm.keys()].sort());
        for (const [term, blob] of blobs) expect(Buffer.compare(blob, packPostings(byTerm.get(term)!))).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it("reads back what it packed", () => {
    const doc = new DocumentPostings();
    doc.add("b", 9, 1, 2, 30);
    doc.add("a", 3, 0, 1, 10);
    doc.add("b", 4, 0, 5, 12);
    const read: number[][] = [];
    for (const [, blob] of doc.blobs()) forEachPosting(blob, (...words) => read.push(words));
    expect(read).toEqual([[3, 0, 1, 10], [4, 0, 5, 12], [9, 1, 2, 30]]);
  });

  it("refuses a node id past 32 bits", () => {
    expect(() => new DocumentPostings().add("a", 2 ** 32, 0, 1, 1)).toThrow(/32-bit/);
  });
});
