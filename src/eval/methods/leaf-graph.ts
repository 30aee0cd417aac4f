/**
 * A graph over a corpus's leaves for the graph-retrieval methods (`lego-graphrag`, `pcst`):
 * edges between neighbouring leaves of a document and between leaves of a document that share
 * rare terms (terms in at least two and at most `maxDf` of its leaves: the "entities" of a
 * model-free graph, as in retrieval/ppr.ts). An edge's weight is 1 for adjacency plus the
 * number of rare terms the two leaves share; each leaf keeps its `maxNeighbours` heaviest
 * edges. Edges stay inside a document, so a per-document question sees its own graph only.
 */
import type { DocId } from "../../index.js";
import type { RankUnit, UnitIndex } from "./unit-index.js";

export interface LeafGraphOptions {
  /** A term links leaves if it is in at most this share of the document's leaves (and at least `minMaxDf`). */
  readonly maxDfShare: number;
  readonly minMaxDf: number;
  /** Edges kept per leaf, heaviest first. */
  readonly maxNeighbours: number;
}

export const DEFAULT_LEAF_GRAPH: LeafGraphOptions = { maxDfShare: 0.05, minMaxDf: 3, maxNeighbours: 32 };

export interface Edge {
  readonly to: number;
  readonly weight: number;
}

/** Per unit of the index (global index), its edges, heaviest first. */
export type LeafGraph = readonly (readonly Edge[])[];

/**
 * @example buildLeafGraph(index)[0] // edges of leaf 0: its next leaf, and leaves sharing its rare terms
 */
export function buildLeafGraph<U extends RankUnit>(index: UnitIndex<U>, options: LeafGraphOptions = DEFAULT_LEAF_GRAPH): LeafGraph {
  const weights: Map<number, number>[] = index.units.map(() => new Map());
  const add = (a: number, b: number, w: number) => {
    if (a === b) return;
    weights[a]!.set(b, (weights[a]!.get(b) ?? 0) + w);
    weights[b]!.set(a, (weights[b]!.get(a) ?? 0) + w);
  };
  const docs = new Set<DocId>(index.units.map((u) => u.docId));
  for (const doc of docs) {
    const members = index.unitsOf([doc]);
    for (let k = 0; k + 1 < members.length; k++) add(members[k]!, members[k + 1]!, 1);
    const postings = new Map<string, number[]>();
    for (const g of members) {
      for (const term of index.termsOf(g).keys()) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = []));
        list.push(g);
      }
    }
    const maxDf = Math.max(options.minMaxDf, Math.floor(options.maxDfShare * members.length));
    for (const list of postings.values()) {
      if (list.length < 2 || list.length > maxDf) continue;
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) add(list[i]!, list[j]!, 1);
    }
  }
  return weights.map((m) =>
    [...m.entries()]
      .map(([to, weight]) => ({ to, weight }))
      .sort((a, b) => b.weight - a.weight || a.to - b.to)
      .slice(0, options.maxNeighbours),
  );
}
