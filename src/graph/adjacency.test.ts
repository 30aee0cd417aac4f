import { describe, expect, it } from "vitest";
import { asDocId, asNodeId } from "../core/ids.js";
import type { GraphEdge, GraphNode } from "../core/types.js";
import { countTokens } from "../ingest/tokens.js";
import { buildAdjacency, childrenOf, parentsOf } from "./adjacency.js";
import { AlignmentWeigher } from "./alignment-weigher.js";
import { buildGraph } from "./levels.js";
import { LexRankSummarizer } from "./lexrank.js";
import { packLeaves, syntheticDocument } from "../testing/graph-fixtures.js";
import { maxOf } from "../core/arrays.js";

async function graphOf(docId: string, seed: number) {
  const id = asDocId(docId);
  const text = syntheticDocument(seed, 4000);
  const leaves = packLeaves(id, text, { targetTokens: 200, countTokens });
  const { graph } = await buildGraph({ docId: id, text }, leaves, { summarizer: new LexRankSummarizer(), weigher: new AlignmentWeigher(), countTokens }, { windowTokens: 1500 });
  return graph;
}

describe("buildAdjacency", () => {
  it("holds exactly the edges of a collection, both ways, with global indexes", async () => {
    const a = await graphOf("a", 1);
    const b = await graphOf("b", 2);
    const nodes = [...b.nodes, ...a.nodes];
    const edges = [...a.edges, ...b.edges].reverse();
    const adj = buildAdjacency(nodes, edges);
    expect(adj.size).toBe(nodes.length);
    expect(adj.nodeIds).toEqual(nodes.map((n) => n.nodeId));
    expect(adj.topLevel).toBe(maxOf(nodes.map((n) => n.level)));
    nodes.forEach((n, i) => {
      expect(adj.indexOf.get(n.nodeId)).toBe(i);
      expect(adj.level[i]).toBe(n.level);
      expect(adj.tokens[i]).toBe(n.tokens);
    });
    const key = (p: number, c: number) => `${p}>${c}`;
    const expected = new Map(edges.map((e) => [key(adj.indexOf.get(e.parent) ?? -1, adj.indexOf.get(e.child) ?? -1), e.weight]));
    const down = new Map<string, number>();
    const up = new Map<string, number>();
    for (let i = 0; i < adj.size; i++) {
      const c = childrenOf(adj, i);
      c.targets.forEach((t, k) => {
        if (k > 0) expect(t).toBeGreaterThan(c.targets[k - 1] ?? Infinity);
        down.set(key(i, t), c.weights[k] ?? NaN);
      });
      const p = parentsOf(adj, i);
      p.targets.forEach((t, k) => up.set(key(t, i), p.weights[k] ?? NaN));
    }
    expect(down.size).toBe(edges.length);
    expect(up.size).toBe(edges.length);
    for (const [k, w] of expected) {
      expect(down.get(k)).toBeCloseTo(w, 6);
      expect(up.get(k)).toBeCloseTo(w, 6);
    }
    expect(adj.childOffsets[adj.size]).toBe(edges.length);
    expect(adj.parentOffsets[adj.size]).toBe(edges.length);
  });

  it("handles no nodes", () => {
    const adj = buildAdjacency([], []);
    expect(adj.size).toBe(0);
    expect(adj.topLevel).toBe(0);
    expect([...adj.childOffsets]).toEqual([0]);
  });

  it("refuses duplicate ids, unknown endpoints and edges across documents (E_INTERNAL)", () => {
    const node = (doc: string, level: number, ordinal: number): GraphNode => ({
      nodeId: asNodeId(`${doc}#${level}.${ordinal}`),
      docId: asDocId(doc),
      level,
      ordinal,
      text: "x",
      tokens: 1,
      spans: [],
      madeBy: "leaf",
    });
    const edge = (parent: string, child: string): GraphEdge => ({ parent: asNodeId(parent), child: asNodeId(child), weight: 1, madeBy: "alignment" });
    const nodes = [node("a", 1, 0), node("a", 0, 0), node("b", 0, 0)];
    expect(() => buildAdjacency([...nodes, node("a", 0, 0)], [])).toThrow(expect.objectContaining({ code: "E_INTERNAL" }));
    expect(() => buildAdjacency(nodes, [edge("a#1.0", "a#0.9")])).toThrow(expect.objectContaining({ code: "E_INTERNAL" }));
    expect(() => buildAdjacency(nodes, [edge("a#1.0", "b#0.0")])).toThrow(expect.objectContaining({ code: "E_INTERNAL" }));
    expect(buildAdjacency(nodes, [edge("a#1.0", "a#0.0")]).childTargets[0]).toBe(1);
  });
});
