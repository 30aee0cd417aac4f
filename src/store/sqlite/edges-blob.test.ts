import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPecanError } from "../../core/errors.js";
import { forEachEdge, packEdges, type PositionEdge } from "./edges-blob.js";

function unpack(data: Buffer, madeBy: string): PositionEdge[] {
  const edges: PositionEdge[] = [];
  forEachEdge(data, madeBy, (parent, child, weight, name) => edges.push({ parent, child, weight, madeBy: name }));
  return edges;
}

describe("packed edges", () => {
  it("give back every edge exactly, ordered by parent then child", () => {
    const edge = fc.record({
      parent: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      child: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      weight: fc.double({ min: 0, max: 1e6, noNaN: true }),
      madeBy: fc.constantFrom("alignment", "attribution", "attention:model/ä", "section"),
    });
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 80 }), (list) => {
        const seen = new Set<string>();
        const edges = list.filter((e) => !seen.has(`${e.parent}/${e.child}`) && seen.add(`${e.parent}/${e.child}`));
        const { data, madeBy } = packEdges(edges);
        expect(data.byteLength).toBe(18 * edges.length);
        const sorted = [...edges].sort((a, b) => a.parent - b.parent || a.child - b.child);
        expect(unpack(data, madeBy)).toEqual(sorted);
        // Packing is canonical: the same edges in any order make the same bytes.
        const again = packEdges([...edges].reverse());
        expect(Buffer.compare(again.data, data)).toBe(0);
        expect(again.madeBy).toBe(madeBy);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a damaged row with E_STORE", () => {
    const { data, madeBy } = packEdges([{ parent: 1, child: 0, weight: 0.5, madeBy: "alignment" }]);
    const codeOf = (run: () => void): string | undefined => {
      try {
        run();
      } catch (error) {
        return isPecanError(error) ? error.code : "other";
      }
      return undefined;
    };
    expect(codeOf(() => unpack(data.subarray(2), madeBy))).toBe("E_STORE");
    expect(codeOf(() => unpack(data, "not json"))).toBe("E_STORE");
    expect(codeOf(() => unpack(data, "[1]"))).toBe("E_STORE");
    expect(codeOf(() => unpack(data, "[]"))).toBe("E_STORE");
    expect(unpack(data, madeBy)).toEqual([{ parent: 1, child: 0, weight: 0.5, madeBy: "alignment" }]);
  });
});
