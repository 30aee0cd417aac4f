import { describe, expect, it } from "vitest";
import { toyDocument } from "../testing/toy-graph.js";
import { buildDocUnits } from "./units.js";
import { analyzeQuery } from "./query.js";
import { scoreRelevance } from "./relevance.js";
import { personalisedPageRank } from "./ppr.js";
import { maxOf } from "../core/arrays.js";

describe("personalised PageRank", () => {
  const doc = toyDocument({ planted: "The keeper was paid by Zorland.", block: "Ada Morrow was the founder of Zorland.", at: 4 });
  const view = [buildDocUnits(doc, doc.nodes, doc.edges)];
  const rel = scoreRelevance(view, analyzeQuery("Who paid the keeper?"));
  const find = (prefix: string) => view[0]!.units.findIndex((u) => u.level === 0 && u.text.startsWith(prefix));

  it("carries the seed's mass along a rare shared term to a unit the question does not reach", () => {
    const mass = personalisedPageRank(view, rel.unit)[0]!;
    const founder = find("Ada Morrow");
    expect(rel.unit[0]![founder]).toBe(0);
    expect(mass[founder]!).toBeGreaterThan(0);
    expect(maxOf([...mass])).toBeCloseTo(1);
    // A filler sentence far from the seed, sharing no rare term with it, gets less.
    expect(mass[founder]!).toBeGreaterThan(mass[find("In session 12")]!);
  });

  it("is zero everywhere for a question that matches nothing", () => {
    const none = scoreRelevance(view, analyzeQuery("zebra"));
    expect([...personalisedPageRank(view, none.unit)[0]!].every((x) => x === 0)).toBe(true);
  });
});
