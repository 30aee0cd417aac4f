import { describe, expect, it } from "vitest";
import { asDocId, asNodeId } from "./ids.js";
import { lazyNodeList, nodeListOf } from "./node-list.js";
import type { GraphNode } from "./types.js";

const node = (level: number, ordinal: number, spans: GraphNode["spans"]): GraphNode => ({
  nodeId: asNodeId(`d#${level}.${ordinal}`),
  docId: asDocId("d"),
  level,
  ordinal,
  text: `node ${level}.${ordinal}`,
  tokens: 2,
  spans,
  madeBy: level === 0 ? "leaf" : "test",
});

const nodes = [node(0, 0, [{ start: 0, end: 3 }]), node(0, 1, [{ start: 4, end: 9 }]), node(1, 0, [{ start: 0, end: 3 }]), node(1, 1, [])];

describe("node lists", () => {
  it("tell levels and abstractiveness without making a node, and make each node once", () => {
    const made: number[] = [];
    const list = lazyNodeList(
      nodes.length,
      (i) => nodes[i]!.level,
      (i) => nodes[i]!.level > 0 && nodes[i]!.spans.length === 0,
      (i) => {
        made.push(i);
        return { ...nodes[i]! };
      },
    );
    expect([0, 1, 2, 3].map((i) => [list.level(i), list.isAbstractive(i)])).toEqual([[0, false], [0, false], [1, false], [1, true]]);
    expect(made).toEqual([]);
    expect(list.get(2)).toBe(list.get(2));
    expect(made).toEqual([2]);
    expect([...list]).toEqual(nodes);
    expect(list.toArray()).toEqual(nodes);
    expect(made).toEqual([2, 0, 1, 3]);
  });

  it("refuse an index out of range", () => {
    const list = nodeListOf(nodes);
    for (const bad of [-1, 4, 1.5, Number.NaN]) {
      expect(() => list.get(bad)).toThrow(RangeError);
      expect(() => list.level(bad)).toThrow(RangeError);
      expect(() => list.isAbstractive(bad)).toThrow(RangeError);
    }
    expect(list.toArray()).toEqual(nodes);
    expect(list.length).toBe(4);
  });
});
