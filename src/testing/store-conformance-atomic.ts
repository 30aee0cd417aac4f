/**
 * The all-or-nothing part of the store conformance suite: a put with any invalid part throws a
 * PecanError (`E_INTERNAL` or `E_STORE`) and leaves the store exactly as it was, including a
 * stored document with the same id.
 */
import { describe, expect, it } from "vitest";
import { isPecanError } from "../core/errors.js";
import { asDocId, asNodeId } from "../core/ids.js";
import type { DocumentGraph } from "../core/types.js";
import type { Store } from "../store/spec.js";
import { expectStoreError, snapshot } from "./store-expect.js";
import { sampleFixture } from "./store-fixtures.js";

/** Declares the all-or-nothing tests; `current` gives the test's store. */
export function runAtomicityConformance(current: () => Store): void {
  describe("all or nothing", () => {
    const invalidGraphs: [string, (graph: DocumentGraph) => DocumentGraph][] = [
      ["an edge to a node that does not exist", (g) => ({
        nodes: g.nodes,
        edges: [...g.edges, { parent: g.nodes[2]!.nodeId, child: asNodeId("ghost#0.9"), weight: 0.5, madeBy: "x" }],
      })],
      ["an edge from a node that does not exist", (g) => ({
        nodes: g.nodes,
        edges: [{ parent: asNodeId("ghost#1.0"), child: g.nodes[0]!.nodeId, weight: 1, madeBy: "x" }, ...g.edges],
      })],
      ["a duplicate node id", (g) => ({ nodes: [...g.nodes, { ...g.nodes[0]!, ordinal: 7 }], edges: g.edges })],
      ["two nodes at one position", (g) => ({
        nodes: [...g.nodes, { ...g.nodes[0]!, nodeId: asNodeId("twin") }],
        edges: g.edges,
      })],
      ["a node of another document", (g) => ({
        nodes: g.nodes.map((n, i) => (i === 1 ? { ...n, docId: asDocId("elsewhere") } : n)),
        edges: g.edges,
      })],
      ["a span past the end of the text", (g) => ({
        nodes: g.nodes.map((n, i) => (i === 3 ? { ...n, spans: [{ start: 0, end: 10_000 }] } : n)),
        edges: g.edges,
      })],
      ["a span that ends before it starts", (g) => ({
        nodes: g.nodes.map((n, i) => (i === 3 ? { ...n, spans: [{ start: 5, end: 4 }] } : n)),
        edges: g.edges,
      })],
      ["a weight that is not a number", (g) => ({
        nodes: g.nodes,
        edges: g.edges.map((e, i) => (i === 4 ? { ...e, weight: Number.NaN } : e)),
      })],
      ["a negative weight", (g) => ({ nodes: g.nodes, edges: g.edges.map((e) => ({ ...e, weight: -0.5 })) })],
      ["a duplicate edge", (g) => ({ nodes: g.nodes, edges: [...g.edges, g.edges[0]!] })],
      ["metadata that is not JSON", (g) => ({
        nodes: g.nodes.map((n, i) => (i === 4 ? { ...n, meta: { big: 1n } } : n)),
        edges: g.edges,
      })],
      ["a lone surrogate in a text", (g) => ({
        nodes: g.nodes.map((n, i) => (i === 4 ? { ...n, text: "broken \uD800 text" } : n)),
        edges: g.edges,
      })],
    ];
    for (const [what, corrupt] of invalidGraphs) {
      it(`refuses a graph with ${what} and keeps the stored document`, async () => {
        const store = current();
        const original = sampleFixture("doc");
        const other = sampleFixture("other");
        await store.putDocument(original.doc, original.graph);
        await store.putDocument(other.doc, other.graph);
        const before = await snapshot(store, ["contract", "bridge", "terminat", "broken"]);
        const replacement = sampleFixture("doc", { hash: "new-hash", title: "New" });
        await expectStoreError(() => store.putDocument(replacement.doc, corrupt(replacement.graph)), [
          "E_INTERNAL",
          "E_STORE",
        ]);
        const fresh = sampleFixture("fresh");
        await expectStoreError(() => store.putDocument(fresh.doc, corrupt(fresh.graph)), ["E_INTERNAL", "E_STORE"]);
        expect(await snapshot(store, ["contract", "bridge", "terminat", "broken"])).toEqual(before);
        expect(await store.findByHash("new-hash")).toBeUndefined();
        expect(await store.getDocument(asDocId("fresh"))).toBeUndefined();
        expect(await store.integrityCheck()).toEqual([]);
      });
    }

    it("refuses a node id that belongs to another document", async () => {
      const store = current();
      const first = sampleFixture("first");
      await store.putDocument(first.doc, first.graph);
      const before = await snapshot(store, ["contract"]);
      const second = sampleFixture("second");
      const stolen = second.graph.nodes.map((n, i) => (i === 0 ? { ...n, nodeId: first.graph.nodes[0]!.nodeId } : n));
      const edges = second.graph.edges.map((e) =>
        e.child === second.graph.nodes[0]!.nodeId ? { ...e, child: first.graph.nodes[0]!.nodeId } : e,
      );
      let error: unknown;
      try {
        await store.putDocument(second.doc, { nodes: stolen, edges });
      } catch (caught) {
        error = caught;
      }
      expect(isPecanError(error) && ["E_INTERNAL", "E_STORE"].includes(error.code)).toBe(true);
      expect(await snapshot(store, ["contract"])).toEqual(before);
    });

    it("puts several documents in order as one put each would", async () => {
      const store = current();
      const fixtures = ["b", "a", "c"].map((id) => sampleFixture(id));
      const items = fixtures.map(({ doc, graph }) => ({ doc, graph }));
      await store.putDocuments(items);
      const together = contentOf(await snapshot(store, ["contract", "party"]));
      for (const { doc } of fixtures) await store.removeDocument(doc.docId);
      for (const { doc, graph } of fixtures) await store.putDocument(doc, graph);
      expect(together).toEqual(contentOf(await snapshot(store, ["contract", "party"])));
      const revisions = await store.getRevisions(fixtures.map((f) => f.doc.docId));
      const order = fixtures.map((f) => revisions.get(f.doc.docId) ?? 0);
      expect(order).toEqual([...order].sort((x, y) => x - y));
      expect(new Set(order).size).toBe(3);
      expect(await store.integrityCheck()).toEqual([]);
    });

    it("stores none of a batch from the failing document on", async () => {
      const store = current();
      const first = sampleFixture("first");
      await store.putDocument(first.doc, first.graph);
      const second = sampleFixture("second");
      const stolen = second.graph.nodes.map((n, i) => (i === 0 ? { ...n, nodeId: first.graph.nodes[0]!.nodeId } : n));
      const edges = second.graph.edges.map((e) => (e.child === second.graph.nodes[0]!.nodeId ? { ...e, child: first.graph.nodes[0]!.nodeId } : e));
      const ok = sampleFixture("ok");
      const after = sampleFixture("after");
      await expectStoreError(
        () => store.putDocuments([{ doc: ok.doc, graph: ok.graph }, { doc: second.doc, graph: { nodes: stolen, edges } }, { doc: after.doc, graph: after.graph }]),
        ["E_INTERNAL", "E_STORE"],
      );
      expect(await store.getDocument(second.doc.docId)).toBeUndefined();
      expect(await store.getDocument(after.doc.docId)).toBeUndefined();
      if (store.kind === "sqlite") expect(await store.getDocument(ok.doc.docId)).toBeUndefined();
      expect(await store.integrityCheck()).toEqual([]);
    });
  });
}

/** What a snapshot holds apart from revisions and ingest times: the content a put writes. */
function contentOf(s: Awaited<ReturnType<typeof snapshot>>): { docs: unknown[]; stats: unknown; postings: unknown } {
  return {
    docs: s.docs.map((d) => ({ id: d.summary.docId, title: d.summary.title, tokens: d.summary.tokens, text: d.record?.text, nodes: d.nodes, edges: d.edges })),
    stats: s.stats,
    postings: s.postings,
  };
}
