import { describe, expect, it } from "vitest";
import { asDocId } from "../../index.js";
import { UnitIndex } from "./unit-index.js";
import { expandQuery } from "./rm3.js";

describe("RM3 expansion", () => {
  const d = asDocId("d");
  const unit = (text: string) => ({ docId: d, text, spans: [], tokens: 1 });
  const index = new UnitIndex([
    unit("the lighthouse keeper lit the lamp at dusk"),
    unit("the lighthouse keeper trimmed the lamp wick"),
    unit("apples and pears in the orchard"),
    unit("the lamp wick was trimmed every evening"),
  ]);

  it("adds terms of the best first-pass leaves and so finds a leaf that shares none of the question's terms", () => {
    expect(index.rank("lighthouse keeper", [d]).slice(0, 2).sort()).toEqual([0, 1]);
    const expanded = expandQuery(index, "lighthouse keeper", [d], { docs: 2, terms: 5, original: 0.5 });
    expect(expanded.terms).toContain("lamp");
    const ranked = index.rankQuery(expanded, [d]);
    // Leaf 3 shares no term with the question, only the feedback's "lamp" and "wick": it now ranks above the orchard.
    expect(index.rank("lighthouse keeper", [d]).slice(2)).toEqual([2, 3]);
    expect(ranked.slice(2)).toEqual([3, 2]);
  });
});
