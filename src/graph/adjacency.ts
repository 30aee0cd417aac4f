/**
 * A compact, read-only adjacency of one graph or a collection of graphs, for the walk: compressed
 * sparse rows (typed-array offsets, targets and weights) in both directions, built once (after
 * graphology's `indices/neighborhood`). Node indexes are positions in the array given; edges
 * never cross documents.
 */
import { PecanError } from "../core/errors.js";
import type { NodeId } from "../core/ids.js";
import type { GraphEdge, GraphNode } from "../core/types.js";

/** Compressed sparse rows of a graph, both directions; indexes are positions in the node array. */
export interface Adjacency {
  readonly size: number;
  /** Index -> id, in the order the nodes were given. */
  readonly nodeIds: readonly NodeId[];
  readonly indexOf: ReadonlyMap<NodeId, number>;
  readonly level: Uint8Array;
  readonly tokens: Uint32Array;
  /** The children of node i are `childTargets[childOffsets[i] .. childOffsets[i + 1])`, by ascending index. */
  readonly childOffsets: Uint32Array;
  readonly childTargets: Uint32Array;
  readonly childWeights: Float32Array;
  /** The parents of node i, likewise. */
  readonly parentOffsets: Uint32Array;
  readonly parentTargets: Uint32Array;
  readonly parentWeights: Float32Array;
  /** Highest level of any node (0 when there are none). */
  readonly topLevel: number;
}

/**
 * The adjacency of nodes (of one or several documents) and their edges.
 * Throws `E_INTERNAL` on a duplicate node id, an edge to an unknown node, or an edge across documents.
 * @example const adj = buildAdjacency(graph.nodes, graph.edges); childrenOf(adj, adj.indexOf.get(id) ?? 0)
 */
export function buildAdjacency(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Adjacency {
  const size = nodes.length;
  const indexOf = new Map<NodeId, number>();
  const level = new Uint8Array(size);
  const tokens = new Uint32Array(size);
  let topLevel = 0;
  nodes.forEach((node, i) => {
    if (indexOf.has(node.nodeId)) throw new PecanError("E_INTERNAL", `duplicate node id ${node.nodeId}`);
    indexOf.set(node.nodeId, i);
    level[i] = Math.min(255, node.level);
    tokens[i] = Math.max(0, node.tokens);
    topLevel = Math.max(topLevel, node.level);
  });
  const parents = new Uint32Array(edges.length);
  const children = new Uint32Array(edges.length);
  edges.forEach((edge, e) => {
    const p = indexOf.get(edge.parent);
    const c = indexOf.get(edge.child);
    if (p === undefined || c === undefined) {
      throw new PecanError("E_INTERNAL", `edge ${edge.parent} -> ${edge.child} names a node that is not in the graph`);
    }
    if ((nodes[p] as GraphNode).docId !== (nodes[c] as GraphNode).docId) {
      throw new PecanError("E_INTERNAL", `edge ${edge.parent} -> ${edge.child} crosses documents`);
    }
    parents[e] = p;
    children[e] = c;
  });
  const down = compress(size, parents, children, edges);
  const up = compress(size, children, parents, edges);
  return {
    size,
    nodeIds: nodes.map((n) => n.nodeId),
    indexOf,
    level,
    tokens,
    childOffsets: down.offsets,
    childTargets: down.targets,
    childWeights: down.weights,
    parentOffsets: up.offsets,
    parentTargets: up.targets,
    parentWeights: up.weights,
    topLevel,
  };
}

/** Children of node `index` and their edge weights (views, no copy). */
export function childrenOf(adj: Adjacency, index: number): { targets: Uint32Array; weights: Float32Array } {
  const a = adj.childOffsets[index] ?? 0;
  const b = adj.childOffsets[index + 1] ?? a;
  return { targets: adj.childTargets.subarray(a, b), weights: adj.childWeights.subarray(a, b) };
}

/** Parents of node `index` and their edge weights (views, no copy). */
export function parentsOf(adj: Adjacency, index: number): { targets: Uint32Array; weights: Float32Array } {
  const a = adj.parentOffsets[index] ?? 0;
  const b = adj.parentOffsets[index + 1] ?? a;
  return { targets: adj.parentTargets.subarray(a, b), weights: adj.parentWeights.subarray(a, b) };
}

/** CSR rows `from -> to` (counting sort), each row then sorted by target index. */
function compress(size: number, from: Uint32Array, to: Uint32Array, edges: readonly GraphEdge[]) {
  const offsets = new Uint32Array(size + 1);
  for (const f of from) offsets[f + 1] = (offsets[f + 1] as number) + 1;
  for (let i = 0; i < size; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const cursor = offsets.slice(0, size);
  const targets = new Uint32Array(edges.length);
  const weights = new Float32Array(edges.length);
  for (let e = 0; e < edges.length; e++) {
    const f = from[e] as number;
    const k = cursor[f] as number;
    cursor[f] = k + 1;
    targets[k] = to[e] as number;
    weights[k] = (edges[e] as GraphEdge).weight;
  }
  for (let i = 0; i < size; i++) sortRow(targets, weights, offsets[i] as number, offsets[i + 1] as number);
  return { offsets, targets, weights };
}

/** Insertion sort of one row by target (rows are short: a window's size, or a node's parents). */
function sortRow(targets: Uint32Array, weights: Float32Array, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    const t = targets[i] as number;
    const w = weights[i] as number;
    let j = i - 1;
    while (j >= a && (targets[j] as number) > t) {
      targets[j + 1] = targets[j] as number;
      weights[j + 1] = weights[j] as number;
      j--;
    }
    targets[j + 1] = t;
    weights[j + 1] = w;
  }
}
