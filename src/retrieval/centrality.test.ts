import { describe, expect, it } from "vitest";
import { toyDocument } from "../testing/toy-graph.js";
import { hierarchyCentrality } from "./centrality.js";
import { buildDocUnits } from "./units.js";

describe("hierarchyCentrality", () => {
  const doc = toyDocument({ paragraphs: 6 });
  const d = buildDocUnits(doc, doc.nodes, doc.edges);
  const c = hierarchyCentrality(d);

  it("is in [0, 1] with a maximum of 1, and higher for a sentence an IP quotes than for its leaf's others", () => {
    expect(c.reduce((a, b) => Math.max(a, b), 0)).toBeCloseTo(1, 6);
    for (const v of c) expect(v >= 0 && v <= 1).toBe(true);
    const first = d.unitStart[0]!;
    expect(c[first]!).toBeGreaterThan(c[first + 1]!);
  });

  it("a leaf reached by more edge weight from above scores higher", () => {
    // Leaf 0 is reached by its own IP only (weight 0.8); leaf 1 also by IP 0's 0.2 share.
    const second = (leaf: number): number => c[d.unitStart[leaf]! + 1]!;
    expect(second(1)).toBeGreaterThan(second(0));
  });

  it("is zero for a document without levels", () => {
    const leaves = doc.nodes.filter((n) => n.level === 0);
    expect(hierarchyCentrality(buildDocUnits(doc, leaves, [])).every((v) => v === 0)).toBe(true);
  });
});
