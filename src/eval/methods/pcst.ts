/**
 * `pcst`: G-Retriever's prize-collecting Steiner tree (He et al. 2024, "G-Retriever: retrieval-
 * augmented generation for textual graph understanding") as a way to pack connected evidence
 * under the token budget. Nodes are the leaves; a leaf's prize is its BM25 score over the best
 * one's (G-Retriever's prizes come from similarity too); an edge of the leaf graph
 * (leaf-graph.ts) costs `edgeCost / weight` (G-Retriever's constant edge cost 0.5, cheaper for
 * leaves that share more rare terms); a leaf's tokens count against the budget.
 *
 * The solver is a documented approximation, not Goemans-Williamson: (1) budgeted greedy growth
 * in the manner of the shortest-path Steiner heuristic (Takahashi & Matsuyama 1980) extended to
 * prizes: from the leaf of largest prize, repeatedly join the leaf whose prize minus its
 * shortest-path cost to the tree is largest and positive, with the path's new leaves, while
 * the tree's tokens fit the budget; (2) strong pruning (Johnson, Minkoff & Phillips 2000), a
 * dynamic programme that is exact on the tree found: drop every subtree whose prizes do not pay
 * for the edge that joins it. Guarantee: the pruning is optimal for the grown tree; the growth
 * has no constant-factor guarantee (Goemans-Williamson's 2-approximation is not implemented).
 * Whatever budget the pruned tree leaves is filled by BM25, as bm25-chunks fills it.
 */
import { analyze, type DocId } from "../../index.js";
import { bm25, DEFAULT_BM25, weightQuery } from "../../internal.js";
import type { EvalQuestion } from "../dataset.js";
import type { Corpus } from "./corpus.js";
import { buildLeafGraph, type LeafGraph } from "./leaf-graph.js";
import { stepTokens, type Method, type PreparedMethod, type Reading } from "./method.js";
import type { UnitIndex} from "./unit-index.js";
import { fillBudget, leafIndexOf, type RankUnit } from "./unit-index.js";

/** G-Retriever's constant edge cost (cost_e = 0.5), divided here by the edge's weight. */
export const DEFAULT_EDGE_COST = 0.5;

export interface PcstInput {
  /** Prize per node (global index); nodes outside `nodes` are not in the graph. */
  readonly prize: (g: number) => number;
  readonly tokens: (g: number) => number;
  readonly nodes: readonly number[];
  readonly graph: LeafGraph;
  readonly edgeCost: number;
  readonly budget: number;
}

/** The tree: its nodes (each after its parent) and, for each but the root, its parent. */
export interface PrizeTree {
  readonly root: number;
  readonly parent: ReadonlyMap<number, number>;
  readonly nodes: readonly number[];
}

/** Net value of a tree: prizes of its nodes less the costs of its edges. */
export function treeValue(tree: PrizeTree, input: PcstInput): number {
  let value = 0;
  for (const g of tree.nodes) value += input.prize(g);
  for (const [child, parent] of tree.parent) value -= edgeCostOf(input, parent, child);
  return value;
}

function edgeCostOf(input: PcstInput, a: number, b: number): number {
  const e = input.graph[a]!.find((x) => x.to === b) ?? input.graph[b]!.find((x) => x.to === a);
  return e ? input.edgeCost / e.weight : Infinity;
}

/** Budgeted prize-collecting growth from the largest prize (step 1 of the file's comment). */
export function growTree(input: PcstInput): PrizeTree | undefined {
  const inGraph = new Set(input.nodes);
  let root: number | undefined;
  for (const g of input.nodes) if (input.tokens(g) <= input.budget && input.prize(g) > 0 && (root === undefined || input.prize(g) > input.prize(root))) root = g;
  if (root === undefined) return undefined;
  let maxPrize = 0;
  for (const g of input.nodes) maxPrize = Math.max(maxPrize, input.prize(g));
  const inTree = new Set([root]);
  const parent = new Map<number, number>();
  const nodes = [root];
  let used = input.tokens(root);
  for (;;) {
    // Multi-source Dijkstra from the tree; `via` is the predecessor on the cheapest path, `extra` the tokens of the path's new nodes.
    const dist = new Map<number, number>();
    const via = new Map<number, number>();
    const extra = new Map<number, number>();
    const heap = new MinHeap();
    for (const g of inTree) {
      dist.set(g, 0);
      extra.set(g, 0);
      heap.push(0, g);
    }
    let best: number | undefined;
    let bestGain = 0;
    for (let top = heap.pop(); top !== undefined; top = heap.pop()) {
      const [d, g] = top;
      if (d >= maxPrize) break; // no node this far can pay for its path
      if (d > dist.get(g)!) continue;
      if (!inTree.has(g)) {
        const gain = input.prize(g) - d;
        if (gain > bestGain && used + extra.get(g)! <= input.budget) {
          best = g;
          bestGain = gain;
        }
      }
      for (const e of input.graph[g]!) {
        if (!inGraph.has(e.to) || inTree.has(e.to)) continue;
        const nd = d + input.edgeCost / e.weight;
        const nt = extra.get(g)! + input.tokens(e.to);
        if (nt > input.budget - used) continue;
        if (nd < (dist.get(e.to) ?? Infinity)) {
          dist.set(e.to, nd);
          via.set(e.to, g);
          extra.set(e.to, nt);
          heap.push(nd, e.to);
        }
      }
    }
    if (best === undefined) break;
    const path: number[] = [];
    for (let g = best; !inTree.has(g); g = via.get(g)!) path.push(g);
    // Added from the tree outward, so every node comes after its parent (strongPrune relies on it).
    for (const g of path.reverse()) {
      inTree.add(g);
      parent.set(g, via.get(g)!);
      nodes.push(g);
      used += input.tokens(g);
    }
  }
  return { root, parent, nodes };
}

/** Strong pruning: the best subtree containing the root (exact on the given tree). */
export function strongPrune(tree: PrizeTree, input: PcstInput): PrizeTree {
  const children = new Map<number, number[]>();
  for (const [c, p] of tree.parent) {
    let list = children.get(p);
    if (!list) children.set(p, (list = []));
    list.push(c);
  }
  // Post-order without recursion: the nodes were added parent before child.
  const net = new Map<number, number>();
  for (let k = tree.nodes.length - 1; k >= 0; k--) {
    const g = tree.nodes[k]!;
    let v = input.prize(g);
    for (const c of children.get(g) ?? []) v += Math.max(0, net.get(c)! - edgeCostOf(input, g, c));
    net.set(g, v);
  }
  const kept: number[] = [];
  const parent = new Map<number, number>();
  const stack = [tree.root];
  while (stack.length > 0) {
    const g = stack.pop()!;
    kept.push(g);
    for (const c of children.get(g) ?? []) {
      if (net.get(c)! - edgeCostOf(input, g, c) > 0) {
        parent.set(c, g);
        stack.push(c);
      }
    }
  }
  return { root: tree.root, parent, nodes: kept };
}

class MinHeap {
  private readonly keys: number[] = [];
  private readonly values: number[] = [];
  push(key: number, value: number): void {
    let i = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= key) break;
      this.keys[i] = this.keys[p]!;
      this.values[i] = this.values[p]!;
      i = p;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }
  pop(): [number, number] | undefined {
    if (this.keys.length === 0) return undefined;
    const out: [number, number] = [this.keys[0]!, this.values[0]!];
    const key = this.keys.pop()!;
    const value = this.values.pop()!;
    const n = this.keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && this.keys[l + 1]! < this.keys[l]! ? l + 1 : l;
        if (this.keys[c]! >= key) break;
        this.keys[i] = this.keys[c]!;
        this.values[i] = this.values[c]!;
        i = c;
      }
      this.keys[i] = key;
      this.values[i] = value;
    }
    return out;
  }
}

/** The leaves read at one budget: the pruned tree (by BM25 rank), then the rest by BM25. */
export function pcstReading(index: UnitIndex<RankUnit>, graph: LeafGraph, ranked: readonly number[], scores: ReadonlyMap<number, number>, budget: number, edgeCost = DEFAULT_EDGE_COST): number[] {
  const best = ranked.length > 0 ? (scores.get(ranked[0]!) ?? 0) : 0;
  const input: PcstInput = {
    prize: (g) => (best > 0 ? (scores.get(g) ?? 0) / best : 0),
    tokens: (g) => index.units[g]!.tokens,
    nodes: ranked,
    graph,
    edgeCost,
    budget,
  };
  const grown = growTree(input);
  const tree = grown ? strongPrune(grown, input) : undefined;
  const inTree = new Set(tree?.nodes ?? []);
  const order = [...ranked.filter((g) => inTree.has(g)), ...ranked.filter((g) => !inTree.has(g))];
  return fillBudget(order, input.tokens, budget);
}

export const pcst: Method = {
  name: "pcst",
  kind: "budget",
  description: "G-Retriever style: prize-collecting Steiner tree over the leaf graph (BM25 prizes, edge cost 0.5 / weight; greedy growth + strong pruning) under the budget, rest by BM25",
  prepare(corpus: Corpus): Promise<PreparedMethod> {
    const index = leafIndexOf(corpus);
    const graph = buildLeafGraph(index);
    return Promise.resolve({
      read(question: EvalQuestion, scope: readonly DocId[] | undefined, budgets: readonly number[]): Promise<Reading[]> {
        const started = performance.now();
        const ranked = index.rank(question.question, scope);
        const stats = index.statsOf(scope);
        const query = weightQuery(analyze(question.question), stats);
        const avg = stats.count > 0 ? stats.totalLength / stats.count : 1;
        const scores = new Map(ranked.map((g) => [g, bm25(query, index.termsOf(g), index.lengthOf(g), avg, DEFAULT_BM25)]));
        const rankMs = performance.now() - started;
        return Promise.resolve(
          budgets.map((budget) => {
            const t0 = performance.now();
            const steps = pcstReading(index, graph, ranked, scores, budget).map((g) => ({ docId: index.units[g]!.docId, spans: index.units[g]!.spans, tokens: index.units[g]!.tokens }));
            // Each budget's tree is its own: its time is the ranking's plus its own growth and pruning.
            return { steps, tokens: stepTokens(steps), ms: rankMs + performance.now() - t0, stop: "budget" };
          }),
        );
      },
    });
  },
};
