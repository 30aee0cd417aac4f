/**
 * The one conformance suite of the Store interface (`store/spec.ts`), run against every
 * implementation (the pattern of Hono's `router/common.case.test.ts`). Call it from a test file:
 * `runStoreConformance("sqlite", () => openSqliteStore(tempFile()))`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyze } from "../core/analyze.js";
import { asDocId, asNodeId, nodeIdOf } from "../core/ids.js";
import type { DocumentGraph, GraphNode } from "../core/types.js";
import type { Store } from "../store/spec.js";
import { runAtomicityConformance } from "./store-conformance-atomic.js";
import { runLexicalConformance } from "./store-conformance-lexical.js";
import { runV2Conformance } from "./store-conformance-v2.js";
import { expectStoreError, snapshot } from "./store-expect.js";
import { generatedFixture, makeDocument, sampleFixture } from "./store-fixtures.js";

/** A factory of fresh, empty stores. */
export type StoreFactory = () => Store | Promise<Store>;

/**
 * Declares a vitest `describe` block that tests the whole Store contract against fresh stores
 * from `makeStore`. Each test gets its own store and closes it.
 * @example runStoreConformance("memory", () => createMemoryStore());
 */
export function runStoreConformance(name: string, makeStore: StoreFactory): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it("speaks spec version 2", async () => {
      expect(store.specVersion).toBe(2);
      expect(typeof store.kind).toBe("string");
    });

    it("starts empty", async () => {
      const doc = asDocId("nothing");
      expect(await store.listDocuments()).toEqual([]);
      expect(await store.countDocuments()).toBe(0);
      expect(await store.getDocument(doc)).toBeUndefined();
      expect(await store.findByHash("hash-nothing")).toBeUndefined();
      expect(await store.getNodes(doc)).toEqual([]);
      expect(await store.getEdges(doc)).toEqual([]);
      expect(await store.getNode(asNodeId("nothing#0.0"))).toBeUndefined();
      expect(await store.postings("contract")).toEqual([]);
      expect(await store.lexicalStats()).toEqual({ nodes: 0, totalLength: 0 });
      expect(await store.removeDocument(doc)).toBe(false);
      expect(await store.integrityCheck()).toEqual([]);
    });

    it("round-trips a document with its graph exactly", async () => {
      const { doc, graph } = sampleFixture("report");
      await store.putDocument(doc, graph);
      expect(await store.getDocument(doc.docId)).toEqual(doc);
      const byPosition = (a: GraphNode, b: GraphNode): number => a.level - b.level || a.ordinal - b.ordinal;
      const nodes = await store.getNodes(doc.docId);
      expect(nodes).toEqual([...graph.nodes].sort(byPosition));
      for (const node of graph.nodes) expect(await store.getNode(node.nodeId)).toEqual(node);
      // Absent optional fields stay absent; empty span lists stay empty.
      const abstractive = nodes.find((node) => node.nodeId === nodeIdOf(doc.docId, 1, 1));
      expect(abstractive?.spans).toEqual([]);
      expect(abstractive).not.toHaveProperty("pages");
      expect(abstractive).not.toHaveProperty("meta");
      expect(await store.getEdges(doc.docId)).toEqual([...graph.edges]);
      expect(await store.integrityCheck()).toEqual([]);
    });

    it("tells each step of its integrity check before running it, in order", async () => {
      const { doc, graph } = sampleFixture("report");
      await store.putDocument(doc, graph);
      const steps: [number, number, string][] = [];
      expect(await store.integrityCheck((done, total, what) => steps.push([done, total, what]))).toEqual([]);
      expect(steps.length).toBeGreaterThan(0);
      const total = steps[0]![1];
      expect(steps.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, i) => i));
      for (const [, t, what] of steps) {
        expect(t).toBe(total);
        expect(what.length).toBeGreaterThan(0);
      }
    });

    it("keeps absent document fields absent and weights bit for bit", async () => {
      const { doc, graph } = sampleFixture("plain");
      const { pageStarts: _p, meta: _m, ...plain } = doc;
      const weights = [0.1 + 0.2, 1 / 3, 2 / 3, Number.MIN_VALUE, 0, 1 - 1e-16];
      const edges = graph.edges.map((edge, i) => ({ ...edge, weight: weights[i] ?? 0.5 }));
      await store.putDocument(plain, { nodes: graph.nodes, edges });
      const back = await store.getDocument(doc.docId);
      expect(back).toEqual(plain);
      expect(back).not.toHaveProperty("pageStarts");
      expect(back).not.toHaveProperty("meta");
      expect((await store.getEdges(doc.docId)).map((edge) => edge.weight)).toEqual(edges.map((edge) => edge.weight));
    });

    it("orders nodes by level then ordinal and edges by parent then child, whatever the input order", async () => {
      const { doc, graph } = generatedFixture("shuffled", 7, 6000, { leafChars: 300, fanout: 3, stride: 2 });
      const nodes = [...graph.nodes].reverse();
      const edges = [...graph.edges].reverse();
      await store.putDocument(doc, { nodes, edges });
      const stored = await store.getNodes(doc.docId);
      expect(stored).toEqual(graph.nodes);
      const position = new Map(stored.map((node, i) => [node.nodeId, i]));
      const at = (id: string): number => position.get(asNodeId(id)) ?? -1;
      const expected = [...graph.edges].sort((a, b) => at(a.parent) - at(b.parent) || at(a.child) - at(b.child));
      expect(await store.getEdges(doc.docId)).toEqual(expected);
    });

    it("lists documents by ingest time then id, with node and level counts", async () => {
      const later = sampleFixture("a-later", { createdAt: "2025-02-01T00:00:00.000Z", hash: "h1" });
      const early = sampleFixture("z-early", { createdAt: "2025-01-01T00:00:00.000Z", hash: "h2" });
      const tieB = generatedFixture("b-tie", 1, 2000, undefined, { createdAt: "2025-01-15T00:00:00.000Z" });
      const tieA = generatedFixture("a-tie", 2, 2000, undefined, { createdAt: "2025-01-15T00:00:00.000Z" });
      for (const f of [later, early, tieB, tieA]) await store.putDocument(f.doc, f.graph);
      const list = await store.listDocuments();
      expect(list.map((s) => s.docId)).toEqual(["z-early", "a-tie", "b-tie", "a-later"]);
      expect(await store.countDocuments()).toBe(4);
      // Some of them, still in list order; ids not stored are left out.
      const some = await store.listDocuments([asDocId("a-later"), asDocId("missing"), asDocId("z-early")]);
      expect(some.map((s) => s.docId)).toEqual(["z-early", "a-later"]);
      expect(some[0]).toEqual(list[0]);
      expect(await store.listDocuments([])).toEqual([]);
      const first = list[0];
      expect(first).toEqual({
        docId: "z-early",
        title: early.doc.title,
        source: early.doc.source,
        hash: "h2",
        tokens: early.doc.tokens,
        chars: early.doc.chars,
        nodes: 5,
        levels: 3,
        createdAt: "2025-01-01T00:00:00.000Z",
      });
      const tie = list.find((s) => s.docId === "a-tie");
      expect(tie?.nodes).toBe(tieA.graph.nodes.length);
      expect(tie?.levels).toBe(new Set(tieA.graph.nodes.map((n) => n.level)).size);
    });

    it("finds a document by content hash", async () => {
      const { doc, graph } = sampleFixture("hashed", { hash: "abc123" });
      await store.putDocument(doc, graph);
      expect((await store.findByHash("abc123"))?.docId).toBe("hashed");
      expect((await store.findByHash("abc123"))?.nodes).toBe(5);
      expect(await store.findByHash("abc12")).toBeUndefined();
      const twin = sampleFixture("hashed-twin", { hash: "abc123", createdAt: "2024-12-31T00:00:00.000Z" });
      await store.putDocument(twin.doc, twin.graph);
      expect((await store.findByHash("abc123"))?.docId).toBe("hashed-twin");
    });

    it("replaces a document stored under the same id", async () => {
      const old = sampleFixture("doc");
      await store.putDocument(old.doc, old.graph);
      const fresh = generatedFixture("doc", 3, 3000, { leafChars: 500, fanout: 2, stride: 2 }, { hash: "new" });
      await store.putDocument(fresh.doc, fresh.graph);
      expect((await store.listDocuments()).map((s) => s.docId)).toEqual(["doc"]);
      expect(await store.getDocument(asDocId("doc"))).toEqual(fresh.doc);
      expect(await store.getNodes(asDocId("doc"))).toEqual(fresh.graph.nodes);
      expect(await store.getEdges(asDocId("doc"))).toHaveLength(fresh.graph.edges.length);
      expect(await store.findByHash("hash-doc")).toBeUndefined();
      expect(await store.postings("bridge")).toEqual([]);
      expect((await store.getNode(nodeIdOf(asDocId("doc"), 1, 1)))?.text).toBe(
        fresh.graph.nodes.find((n) => n.level === 1 && n.ordinal === 1)?.text,
      );
      expect(await store.integrityCheck()).toEqual([]);
    });

    it("removes a document with its nodes, edges and postings, and nothing else", async () => {
      const gone = sampleFixture("gone");
      const kept = sampleFixture("kept");
      await store.putDocument(gone.doc, gone.graph);
      await store.putDocument(kept.doc, kept.graph);
      const keptBefore = await snapshot(store, ["contract", "bridge"]);
      expect(await store.removeDocument(gone.doc.docId)).toBe(true);
      expect(await store.getDocument(gone.doc.docId)).toBeUndefined();
      expect(await store.getNodes(gone.doc.docId)).toEqual([]);
      expect(await store.getEdges(gone.doc.docId)).toEqual([]);
      for (const node of gone.graph.nodes) expect(await store.getNode(node.nodeId)).toBeUndefined();
      expect((await store.postings("contract")).every((p) => p.docId === "kept")).toBe(true);
      expect(await store.lexicalStats({ docIds: [gone.doc.docId] })).toEqual({ nodes: 0, totalLength: 0 });
      expect(await store.removeDocument(gone.doc.docId)).toBe(false);
      await store.removeDocument(kept.doc.docId);
      await store.putDocument(kept.doc, kept.graph);
      expect((await snapshot(store, ["contract", "bridge"])).docs).toEqual(
        keptBefore.docs.filter((d) => d.summary.docId === "kept"),
      );
      expect(await store.integrityCheck()).toEqual([]);
    });

    it("stores Unicode text, ids and terms exactly", async () => {
      const text = "Größe café 東京タワー 🌰 naïve e\u0301 עברית.\nZweite Zeile: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 café.";
      const doc = makeDocument("dóc-🌰", text, { title: "Tïtle 🌰", meta: { "clé 🔑": "välue ✓" } });
      const node: GraphNode = {
        nodeId: nodeIdOf(doc.docId, 0, 0),
        docId: doc.docId,
        level: 0,
        ordinal: 0,
        text,
        tokens: 30,
        spans: [{ start: 0, end: text.length }],
        madeBy: "leaf",
        meta: { "ключ": "значение" },
      };
      await store.putDocument(doc, { nodes: [node], edges: [] });
      expect(await store.getDocument(doc.docId)).toEqual(doc);
      expect(await store.getNode(node.nodeId)).toEqual(node);
      expect((await store.listDocuments())[0]?.docId).toBe("dóc-🌰");
      const length = analyze(text).length;
      expect(await store.postings("café")).toEqual([{ nodeId: node.nodeId, docId: doc.docId, level: 0, length, tf: 2 }]);
      expect(await store.postings("東京タワー")).toHaveLength(1);
    });

    it("orders document ids by code point, like UTF-8 bytes", async () => {
      const ids = ["b", "\u{1F600}", "\uFFFD", "a", "é"];
      for (const id of ids) await store.putDocument(makeDocument(id, "word"), oneLeaf(id, "word"));
      expect((await store.listDocuments()).map((s) => s.docId)).toEqual(["a", "b", "é", "\uFFFD", "\u{1F600}"]);
    });

    it("keeps what was put, whatever the caller changes later", async () => {
      const { doc, graph } = sampleFixture("mutable");
      const nodes = graph.nodes.map((node) => structuredClone(node));
      const edges = graph.edges.map((edge) => ({ ...edge }));
      const meta = { tags: ["a"] };
      const input = { ...doc, meta, pageStarts: [0, 5] };
      await store.putDocument(input, { nodes, edges });
      meta.tags.push("b");
      input.pageStarts.push(9);
      (nodes[0]?.spans as { start: number; end: number }[])[0]!.end = 1;
      nodes.push(structuredClone(nodes[0]!));
      (edges[0] as { weight: number }).weight = 99;
      const out = await store.getNodes(doc.docId);
      (out[0]?.spans as { start: number; end: number }[])[0]!.end = 2;
      (out[1] as { text: string }).text = "changed";
      const outDoc = await store.getDocument(doc.docId);
      (outDoc?.meta?.tags as string[]).push("c");
      expect(await store.getDocument(doc.docId)).toEqual({ ...doc, meta: { tags: ["a"] }, pageStarts: [0, 5] });
      expect(await store.getNodes(doc.docId)).toEqual(graph.nodes);
      expect(await store.getEdges(doc.docId)).toEqual(graph.edges);
    });

    it("reports a document without nodes and is otherwise sound", async () => {
      const { doc, graph } = sampleFixture("full");
      await store.putDocument(doc, graph);
      expect(await store.integrityCheck()).toEqual([]);
      await store.putDocument(makeDocument("empty", ""), { nodes: [], edges: [] });
      expect((await store.listDocuments()).find((s) => s.docId === "empty")).toMatchObject({ nodes: 0, levels: 0 });
      const problems = await store.integrityCheck();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain("empty");
    });

    it("refuses every call once closed", async () => {
      await store.close();
      await store.close();
      await expectStoreError(() => store.listDocuments(), ["E_STORE"]);
      const { doc, graph } = sampleFixture("late");
      await expectStoreError(() => store.putDocument(doc, graph), ["E_STORE"]);
    });

    runAtomicityConformance(() => store);
    runLexicalConformance(() => store, makeStore);
    runV2Conformance(() => store);
  });
}

function oneLeaf(docId: string, text: string): DocumentGraph {
  const id = asDocId(docId);
  return {
    nodes: [
      { nodeId: nodeIdOf(id, 0, 0), docId: id, level: 0, ordinal: 0, text, tokens: 1, spans: [], madeBy: "leaf" },
    ],
    edges: [],
  };
}
