/**
 * The version-2 part of the store conformance suite: revisions from the change counter,
 * question-time data written with the document and read with its nodes in one call, saving
 * data only at the revision it was computed for, and the coarse stage's scores checked against
 * a plain model computed from the fixtures with `core/analyze` and the BM25 of
 * `store/coarse-scores.ts`.
 */
import { describe, expect, it } from "vitest";
import { analyze, termFrequencies } from "../core/analyze.js";
import { asDocId, type DocId } from "../core/ids.js";
import { leafBm25, leafIdf } from "../store/coarse-scores.js";
import type { CoarseRow, Store } from "../store/spec.js";
import { generatedFixture, sampleFixture, type StoreFixture } from "./store-fixtures.js";

/** Coarse rows a store must give, from the fixtures alone, ordered by document id. */
export function expectedCoarse(fixtures: readonly StoreFixture[], terms: readonly string[], k1 = 1.2, b = 0.75): CoarseRow[] {
  const leaves = fixtures.flatMap(({ doc, graph }) =>
    graph.nodes.filter((n) => n.level === 0).map((n) => ({ docId: doc.docId, tf: termFrequencies(n.text), length: analyze(n.text).length })),
  );
  if (leaves.length === 0) return [];
  const avg = leaves.reduce((sum, l) => sum + l.length, 0) / leaves.length;
  const distinct = [...new Set(terms)];
  const idfs = new Map(distinct.map((t) => [t, leafIdf(leaves.filter((l) => l.tf.has(t)).length, leaves.length)]));
  const rows = new Map<DocId, CoarseRow>();
  for (const { doc } of fixtures) {
    const titleTerms = new Set(analyze(doc.title));
    let titleIdf = 0;
    for (const t of distinct) if (titleTerms.has(t)) titleIdf += idfs.get(t) ?? 0;
    const scores = leaves
      .filter((l) => l.docId === doc.docId)
      .map((l) => distinct.reduce((s, t) => s + leafBm25(l.tf.get(t) ?? 0, idfs.get(t) ?? 0, l.length, avg, k1, b), 0))
      .filter((s) => s > 0)
      .sort((x, y) => y - x);
    if (scores.length === 0 && titleIdf === 0) continue;
    rows.set(doc.docId, { docId: doc.docId, first: scores[0] ?? 0, second: scores[1] ?? 0, titleIdf });
  }
  return [...rows.values()].sort((x, y) => (x.docId < y.docId ? -1 : 1));
}

function close(rows: readonly CoarseRow[]): CoarseRow[] {
  const r = (x: number): number => Math.round(x * 1e9) / 1e9;
  return [...rows]
    .sort((x, y) => (x.docId < y.docId ? -1 : 1))
    .map((row) => ({ docId: row.docId, first: r(row.first), second: r(row.second), titleIdf: r(row.titleIdf) }));
}

/** Declares the version-2 tests; `current` gives the test's store. */
export function runV2Conformance(current: () => Store): void {
  describe("spec version 2", () => {
    it("gives every put and removal a new revision from the change counter", async () => {
      const store = current();
      const a = sampleFixture("a");
      const before = await store.changeCounter();
      await store.putDocument(a.doc, a.graph);
      const first = (await store.getRevisions([a.doc.docId])).get(a.doc.docId);
      expect(first).toBeGreaterThan(before);
      await store.putDocument(a.doc, a.graph);
      const second = (await store.getRevisions([a.doc.docId])).get(a.doc.docId);
      expect(second).toBeGreaterThan(first ?? 0);
      const afterPuts = await store.changeCounter();
      expect(afterPuts).toBeGreaterThanOrEqual(second ?? 0);
      expect(await store.removeDocument(a.doc.docId)).toBe(true);
      expect(await store.changeCounter()).toBeGreaterThan(afterPuts);
      expect(await store.getRevisions([a.doc.docId, asDocId("missing")])).toEqual(new Map());
    });

    it("keeps question-time data with the document and reads it with its nodes", async () => {
      const store = current();
      const a = sampleFixture("a");
      const b = generatedFixture("b", 3, 2000);
      const data = Uint8Array.from([1, 2, 3, 250, 0, 7]);
      await store.putDocument(a.doc, a.graph, { questionData: data });
      await store.putDocument(b.doc, b.graph);
      data[0] = 99; // the caller's later change does not reach the store
      const rows = await store.getQuestionData([b.doc.docId, asDocId("missing"), a.doc.docId]);
      expect(rows.map((r) => r.docId)).toEqual(["b", "a"]);
      const [rowB, rowA] = rows;
      expect(rowA?.data).toEqual(Uint8Array.from([1, 2, 3, 250, 0, 7]));
      expect(rowA?.title).toBe(a.doc.title);
      const storedA = await store.getNodes(a.doc.docId);
      // Levels and abstractiveness are known before a node is made, and agree with it.
      expect(storedA.map((_, i) => [rowA?.nodes.level(i), rowA?.nodes.isAbstractive(i)])).toEqual(
        storedA.map((n) => [n.level, n.level > 0 && n.spans.length === 0]),
      );
      expect(storedA.some((n) => n.level > 0 && n.spans.length === 0)).toBe(true);
      expect(rowA?.nodes.toArray()).toEqual(storedA);
      expect(rowA?.nodes.get(0)).toBe(rowA?.nodes.get(0));
      expect(() => rowA?.nodes.get(storedA.length)).toThrow(RangeError);
      // A store may decode a leaf's text on first read: the nodes still spread and serialise as plain ones.
      expect(JSON.stringify(rowA?.nodes.toArray().map((n) => ({ ...n })))).toBe(JSON.stringify(storedA));
      expect(rowB?.data).toBeUndefined();
      expect(rowB?.nodes).toHaveLength(b.graph.nodes.length);
      // Each row holds its own document's nodes only, in stored order (level, then ordinal).
      expect(rowB?.nodes.toArray()).toEqual(await store.getNodes(b.doc.docId));
      expect(rowA?.rev).toBe((await store.getRevisions([a.doc.docId])).get(a.doc.docId));
      await store.removeDocument(a.doc.docId);
      expect(await store.getQuestionData([a.doc.docId])).toEqual([]);
    });

    it("saves late question-time data only at the revision it was computed for", async () => {
      const store = current();
      const a = sampleFixture("a");
      await store.putDocument(a.doc, a.graph);
      const rev = (await store.getRevisions([a.doc.docId])).get(a.doc.docId) ?? -1;
      expect(await store.saveQuestionData(a.doc.docId, rev + 1000, Uint8Array.from([9]))).toBe(false);
      expect(await store.saveQuestionData(a.doc.docId, rev, Uint8Array.from([4, 5]))).toBe(true);
      expect((await store.getQuestionData([a.doc.docId]))[0]?.data).toEqual(Uint8Array.from([4, 5]));
      await store.putDocument(a.doc, a.graph);
      expect(await store.saveQuestionData(a.doc.docId, rev, Uint8Array.from([6]))).toBe(false);
      expect((await store.getQuestionData([a.doc.docId]))[0]?.data).toBeUndefined();
      expect(await store.saveQuestionData(asDocId("missing"), 0, Uint8Array.from([6]))).toBe(false);
    });

    it("scores the coarse stage like a plain BM25 model over leaves and titles", async () => {
      const store = current();
      expect(await store.coarseScores({ terms: ["contract"], k1: 1.2, b: 0.75 })).toEqual([]);
      const fixtures = [
        sampleFixture("a"),
        generatedFixture("b", 11, 3000),
        generatedFixture("c", 12, 1500),
        sampleFixture("d", { title: "Kalo terms of the bridge contract" }),
      ];
      for (const f of fixtures) await store.putDocument(f.doc, f.graph);
      const vocabulary = [...new Set(fixtures.flatMap((f) => analyze(f.doc.text)))];
      const queries = [
        ["contract"],
        ["bridge", "contract", "kalo"],
        vocabulary.slice(0, 5),
        vocabulary.slice(-3),
        ["nowhere-term"],
        ["term", "kalo", "kalo"],
      ];
      for (const terms of queries) {
        const got = await store.coarseScores({ terms, k1: 1.2, b: 0.75 });
        expect(close(got)).toEqual(close(expectedCoarse(fixtures, terms)));
      }
      await store.removeDocument(asDocId("d"));
      const rest = fixtures.filter((f) => f.doc.docId !== "d");
      expect(close(await store.coarseScores({ terms: ["kalo", "contract"], k1: 1.5, b: 0.5 }))).toEqual(
        close(expectedCoarse(rest, ["kalo", "contract"], 1.5, 0.5)),
      );
    });
  });
}
