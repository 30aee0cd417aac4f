/**
 * `deep-graphrag`: global-to-local beam search in the style of Deep GraphRAG (Li et al. 2025,
 * "Deep GraphRAG: a hierarchical global-to-local retrieval"): over the same RAPTOR-style tree
 * of LexRank summaries the `raptor` baseline builds, start at the top level, keep the `beam`
 * (k = 3) best nodes by BM25, descend to their members, keep the best k again, down to the
 * leaves. The leaves under the chosen path are read first (best first), then the leaves under
 * each level's next-best choices, then every other leaf by BM25, until the budget. Departure:
 * communities are the tree's clusters, not a knowledge graph's, and no model rescores them.
 */
import type { DocId } from "../../index.js";
import { LexRankSummarizer, maxOf, pushAll } from "../../internal.js";
import type { EvalQuestion } from "../dataset.js";
import type { Corpus } from "./corpus.js";
import { stepTokens, type Method, type PreparedMethod, type Reading } from "./method.js";
import { buildRaptorTree, type TreeNode } from "./raptor.js";
import { fillBudget, UnitIndex } from "./unit-index.js";

export const DEFAULT_BEAM = 3;

/** One document's tree: per level, global indexes into the index's units (level 0: the leaves, in order). */
type Levels = number[][];

/**
 * The leaves in reading order for a question: by beam rank (the level at which their branch
 * left the beam, then BM25), then the rest by BM25.
 */
export function beamOrder(index: UnitIndex<TreeNode>, trees: ReadonlyMap<DocId, Levels>, question: string, scope: readonly DocId[] | undefined, beam = DEFAULT_BEAM): number[] {
  const ranked = index.rank(question, scope);
  const rank = new Map<number, number>();
  ranked.forEach((g, r) => rank.set(g, r));
  const byRank = (a: number, b: number) => rank.get(a)! - rank.get(b)!;
  const docs = scope ?? [...trees.keys()];
  const top = Math.max(0, maxOf(docs.map((d) => (trees.get(d)?.length ?? 1) - 1)));
  // Frontier per level, across the documents in scope: start from every top-level node.
  let frontier: { doc: DocId; level: number; pos: number; g: number }[] = [];
  for (const d of docs) {
    const levels = trees.get(d);
    if (!levels) continue;
    const l = levels.length - 1;
    levels[l]!.forEach((g, pos) => frontier.push({ doc: d, level: l, pos, g }));
  }
  // Priority of a leaf: lower is read first. The chosen path's leaves get priority 0; leaves
  // under nodes that lost the beam at a level get a priority that grows toward the top.
  const priority = new Map<number, number>();
  for (let step = 0; frontier.length > 0 && step <= top; step++) {
    frontier.sort((a, b) => byRank(a.g, b.g));
    const kept = frontier.slice(0, beam);
    const next: typeof frontier = [];
    for (const node of kept) {
      const levels = trees.get(node.doc)!;
      if (node.level === 0) {
        if (!priority.has(node.g)) priority.set(node.g, 0);
        continue;
      }
      const unit = index.units[node.g]!;
      for (const c of unit.children ?? []) next.push({ doc: node.doc, level: node.level - 1, pos: c, g: levels[node.level - 1]![c]! });
    }
    // Leaves under the nodes that lost the beam here come after the chosen path's, earlier levels last.
    for (const lost of frontier.slice(beam)) for (const leaf of leavesUnder(index, trees.get(lost.doc)!, lost.level, lost.pos)) if (!priority.has(leaf)) priority.set(leaf, top + 1 - step);
    frontier = next;
  }
  const leaves = ranked.filter((g) => index.units[g]!.level === 0);
  return leaves.sort((a, b) => (priority.get(a) ?? top + 2) - (priority.get(b) ?? top + 2) || byRank(a, b));
}

function leavesUnder(index: UnitIndex<TreeNode>, levels: Levels, level: number, pos: number): number[] {
  if (level === 0) return [levels[0]![pos]!];
  const out: number[] = [];
  for (const c of index.units[levels[level]![pos]!]!.children ?? []) pushAll(out, leavesUnder(index, levels, level - 1, c));
  return out;
}

export const deepGraphRag: Method = {
  name: "deep-graphrag",
  kind: "budget",
  description: "Deep GraphRAG style: global-to-local beam (k = 3) from the top of the RAPTOR tree down, leaves under the beam read first",
  async prepare(corpus: Corpus, onProgress?: (label: string) => void): Promise<PreparedMethod> {
    const summarizer = new LexRankSummarizer();
    const nodes: TreeNode[] = [];
    const trees = new Map<DocId, Levels>();
    for (const doc of corpus.documents) {
      onProgress?.(`deep-graphrag tree ${doc.docId}`);
      const leaves = corpus.leaves(doc.docId);
      const levels: Levels = [[]];
      for (const l of leaves) {
        levels[0]!.push(nodes.length);
        nodes.push({ docId: doc.docId, level: 0, text: l.text, spans: l.spans, tokens: l.tokens });
      }
      for (const node of await buildRaptorTree(doc, leaves, summarizer)) {
        while (levels.length <= node.level) levels.push([]);
        levels[node.level]!.push(nodes.length);
        nodes.push(node);
      }
      trees.set(doc.docId, levels);
    }
    const index = new UnitIndex(nodes);
    return {
      read(question: EvalQuestion, scope: readonly DocId[] | undefined, budgets: readonly number[]): Promise<Reading[]> {
        const started = performance.now();
        const order = beamOrder(index, trees, question.question, scope);
        const ms = performance.now() - started;
        return Promise.resolve(
          budgets.map((budget) => {
            const steps = fillBudget(order, (g) => index.units[g]!.tokens, budget).map((g) => ({ docId: index.units[g]!.docId, spans: index.units[g]!.spans, tokens: index.units[g]!.tokens }));
            return { steps, tokens: stepTokens(steps), ms, stop: "budget" };
          }),
        );
      },
    };
  },
};
