/**
 * A document's nodes as a question reads them, ordered by level then ordinal: counted and
 * levelled up front, each node object made when first asked for. A cold question opens up to
 * 16 documents with thousands of nodes each and reads a few dozen of them; making every node
 * (its spans parsed, its pages and metadata, its text's accessor) cost a fresh process as much
 * CPU as the driver's reading of the rows (docs/design-notes.md, "Cold start").
 */
import type { GraphNode } from "./types.js";

export interface NodeList extends Iterable<GraphNode> {
  readonly length: number;
  /** Node `i` (0 ≤ i < length), made once; out of range is a `RangeError`. */
  get(i: number): GraphNode;
  /** Node `i`'s level, without making it. */
  level(i: number): number;
  /** Whether node `i` is an information point without a verbatim span (an abstractive one), without making it. */
  isAbstractive(i: number): boolean;
  /** Every node, made. */
  toArray(): GraphNode[];
}

/** The nodes of an array, as they are. */
export function nodeListOf(nodes: readonly GraphNode[]): NodeList {
  return lazyNodeList(
    nodes.length,
    (i) => nodes[i]!.level,
    (i) => nodes[i]!.level > 0 && nodes[i]!.spans.length === 0,
    (i) => nodes[i]!,
  );
}

/**
 * `length` nodes whose levels and abstractiveness are known without making them, and `make(i)`
 * making node `i` (called at most once per node).
 */
export function lazyNodeList(length: number, level: (i: number) => number, isAbstractive: (i: number) => boolean, make: (i: number) => GraphNode): NodeList {
  const made = new Array<GraphNode | undefined>(length);
  const check = (i: number): void => {
    if (!(Number.isInteger(i) && i >= 0 && i < length)) throw new RangeError(`no node ${i} of ${length}`);
  };
  const get = (i: number): GraphNode => {
    const done = made[i];
    if (done !== undefined) return done;
    check(i);
    return (made[i] = make(i));
  };
  return {
    length,
    get,
    level: (i) => {
      check(i);
      return level(i);
    },
    isAbstractive: (i) => {
      check(i);
      return isAbstractive(i);
    },
    toArray: () => Array.from({ length }, (_, i) => get(i)),
    *[Symbol.iterator]() {
      for (let i = 0; i < length; i++) yield get(i);
    },
  };
}
