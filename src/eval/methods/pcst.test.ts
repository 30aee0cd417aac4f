import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asDocId } from "../../index.js";
import { createCorpus } from "./corpus.js";
import type { Edge } from "./leaf-graph.js";
import { growTree, pcst, strongPrune, treeValue, type PcstInput, type PrizeTree } from "./pcst.js";

/** An undirected graph as edge lists from (a, b, weight) triples. */
function graphOf(n: number, edges: readonly [number, number, number][]): Edge[][] {
  const g: Edge[][] = Array.from({ length: n }, () => []);
  for (const [a, b, w] of edges) {
    if (a === b || g[a]!.some((e) => e.to === b)) continue;
    g[a]!.push({ to: b, weight: w });
    g[b]!.push({ to: a, weight: w });
  }
  return g;
}

describe("prize-collecting Steiner tree", () => {
  it("strong pruning equals the best root-containing subtree found by brute force", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }).chain((n) =>
          fc.record({
            parents: fc.tuple(...Array.from({ length: n }, (_, i) => fc.integer({ min: 0, max: Math.max(0, i - 1) }))),
            prizes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
            weights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: n, maxLength: n }),
          }),
        ),
        ({ parents, prizes, weights }) => {
          const n = prizes.length;
          const edges: [number, number, number][] = [];
          for (let i = 1; i < n; i++) edges.push([i, parents[i]!, weights[i]!]);
          const input: PcstInput = { prize: (g) => prizes[g]!, tokens: () => 1, nodes: prizes.map((_, i) => i), graph: graphOf(n, edges), edgeCost: 0.5, budget: n };
          const tree: PrizeTree = { root: 0, parent: new Map(edges.map(([c, p]) => [c, p])), nodes: prizes.map((_, i) => i) };
          const pruned = strongPrune(tree, input);
          let best = -Infinity;
          for (let mask = 1; mask < 1 << n; mask += 2) {
            // Closed under parent: every kept node's parent is kept.
            if (!edges.every(([c, p]) => !(mask & (1 << c)) || mask & (1 << p))) continue;
            const keep = prizes.map((_, i) => i).filter((i) => mask & (1 << i));
            const sub: PrizeTree = { root: 0, parent: new Map(edges.filter(([c]) => mask & (1 << c)).map(([c, p]) => [c, p])), nodes: keep };
            best = Math.max(best, treeValue(sub, input));
          }
          expect(treeValue(pruned, input)).toBeCloseTo(best, 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("grown trees are connected trees of graph edges, within the budget, and pruning never lowers their value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }).chain((n) =>
          fc.record({
            edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: 3 })), { maxLength: 3 * n }),
            prizes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
            tokens: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: n, maxLength: n }),
            budget: fc.integer({ min: 1, max: 30 }),
          }),
        ),
        ({ edges, prizes, tokens, budget }) => {
          const n = prizes.length;
          const graph = graphOf(n, edges);
          const input: PcstInput = { prize: (g) => prizes[g]!, tokens: (g) => tokens[g]!, nodes: prizes.map((_, i) => i), graph, edgeCost: 0.5, budget };
          const tree = growTree(input);
          if (!tree) {
            expect(prizes.every((p, i) => p === 0 || tokens[i]! > budget)).toBe(true);
            return;
          }
          expect(tree.nodes.reduce((s, g) => s + tokens[g]!, 0)).toBeLessThanOrEqual(budget);
          expect(new Set(tree.nodes).size).toBe(tree.nodes.length);
          expect(tree.parent.size).toBe(tree.nodes.length - 1);
          for (const [c, p] of tree.parent) expect(graph[c]!.map((e) => e.to)).toContain(p);
          expect(treeValue(strongPrune(tree, input), input)).toBeGreaterThanOrEqual(treeValue(tree, input) - 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("joins a zero-prize connector when it links two high-prize nodes cheaply", () => {
    // 0 —— 1 —— 2, prizes 1, 0, 0.9; the connector 1 costs 0.25 + 0.25 to reach 2.
    const input: PcstInput = { prize: (g) => [1, 0, 0.9][g]!, tokens: () => 1, nodes: [0, 1, 2], graph: graphOf(3, [[0, 1, 2], [1, 2, 2]]), edgeCost: 0.5, budget: 3 };
    expect([...strongPrune(growTree(input)!, input).nodes].sort()).toEqual([0, 1, 2]);
    // With room for two leaves only, the connector cannot be paid for in tokens: the tree is the root alone.
    expect(growTree({ ...input, budget: 2 })!.nodes).toEqual([0]);
  });
});

describe("pcst method", () => {
  const paragraphs = Array.from({ length: 16 }, (_, i) => `Paragraph ${i} tells of the orchard and the harvest of pears in season ${i}.`);
  paragraphs[6] = "The harbour master approved 412 crowns for dredging the harbour channel.";
  const text = paragraphs.join("\n\n");
  const d = asDocId("d");

  it("reads the best leaf first, within the budget, every leaf once when all fit", async () => {
    const corpus = createCorpus([{ docId: d, title: "t", text }], { maxTokens: 30 });
    const prepared = await pcst.prepare(corpus);
    const question = { id: "q", docId: d, question: "How much did the harbour master approve for dredging?", answers: [], evidence: [] };
    const [small, large] = await prepared.read(question, [d], [40, 100_000]);
    const leafText = (s: { spans: readonly { start: number; end: number }[] }) => text.slice(s.spans[0]!.start, s.spans[0]!.end);
    expect(small!.tokens).toBeLessThanOrEqual(40);
    expect(leafText(small!.steps[0]!)).toContain("412 crowns");
    const all = large!.steps.map(leafText);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(corpus.leaves(d).length);
  });
});
