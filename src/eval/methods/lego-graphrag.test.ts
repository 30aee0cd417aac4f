import { describe, expect, it } from "vitest";
import { analyze, asDocId } from "../../index.js";
import { weightQuery } from "../../internal.js";
import { createCorpus } from "./corpus.js";
import { beamPaths, legoGraphRag, pathScore } from "./lego-graphrag.js";
import { UnitIndex } from "./unit-index.js";

const d = asDocId("d");
const unit = (text: string) => ({ docId: d, text, spans: [], tokens: 1 });

describe("lego-graphrag paths", () => {
  const index = new UnitIndex([
    unit("Maria Oslund was born in Tarnby, a fishing town."),
    unit("Tarnby lies in the province of Vestmark, by the sea."),
    unit("apples and pears grow in the orchard"),
    unit("the orchard keeper sold pears at the market"),
  ]);
  const stats = index.statsOf([d]);
  const query = weightQuery(analyze("In which province was Maria Oslund born?"), stats);
  const avg = stats.totalLength / stats.count;

  it("scores a path covering both hops above either hop alone", () => {
    const both = pathScore(index, query, [0, 1], avg);
    expect(both).toBeGreaterThan(pathScore(index, query, [0], avg));
    expect(both).toBeGreaterThan(pathScore(index, query, [1], avg));
  });

  it("beam search finds the two-hop path, keeps to the subgraph and to edges of the graph", () => {
    const graph = [[{ to: 1, weight: 2 }, { to: 2, weight: 1 }], [{ to: 0, weight: 2 }], [{ to: 3, weight: 1 }, { to: 0, weight: 1 }], [{ to: 2, weight: 1 }]];
    const paths = beamPaths(index, graph, query, new Set([0, 1, 2]), avg, { subgraph: 3, width: 2, maxNeighbours: 32, hops: 3 });
    expect([...paths[0]!.nodes].sort()).toEqual([0, 1]);
    for (const p of paths) {
      expect(p.nodes).not.toContain(3);
      for (let k = 1; k < p.nodes.length; k++) expect(graph[p.nodes[k - 1]!]!.map((e) => e.to)).toContain(p.nodes[k]);
    }
    // A beam of one keeps at most one path per hop, plus the start.
    const narrow = beamPaths(index, graph, query, new Set([0, 1, 2, 3]), avg, { subgraph: 4, width: 1, maxNeighbours: 32, hops: 3 });
    expect(narrow.length).toBeLessThanOrEqual(4);
  });
});

describe("lego-graphrag method", () => {
  const paragraphs = Array.from({ length: 20 }, (_, i) => `Paragraph ${i} tells of the orchard and the harvest of pears in season ${i}.`);
  paragraphs[4] = "Maria Oslund was born in Tarnby, a fishing town on the coast.";
  paragraphs[15] = "Tarnby lies in the province of Vestmark, where the herring boats land.";
  const text = paragraphs.join("\n\n");

  it("reads both hops first, within the budget, every leaf once when all fit", async () => {
    const corpus = createCorpus([{ docId: d, title: "t", text }], { maxTokens: 30 });
    const prepared = await legoGraphRag.prepare(corpus);
    const question = { id: "q", docId: d, question: "In which province was Maria Oslund born?", answers: [], evidence: [] };
    const [small, large] = await prepared.read(question, [d], [60, 100_000]);
    const leafText = (s: { spans: readonly { start: number; end: number }[] }) => text.slice(s.spans[0]!.start, s.spans[0]!.end);
    expect(small!.tokens).toBeLessThanOrEqual(60);
    const first = small!.steps.map(leafText).join(" ");
    expect(first).toContain("Maria Oslund");
    expect(first).toContain("Vestmark");
    const all = large!.steps.map(leafText);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(corpus.leaves(d).length);
  });
});
