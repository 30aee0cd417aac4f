/**
 * The lexical part of the store conformance suite: postings and corpus statistics, checked
 * against a plain model computed with `core/analyze`, for every scope, after any sequence of
 * puts, replacements and removals (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze, termFrequencies } from "../core/analyze.js";
import { asDocId, type DocId } from "../core/ids.js";
import type { LexicalScope, LexicalStats, Posting, Store } from "../store/spec.js";
import { sortPostings } from "./store-expect.js";
import { generatedFixture, sampleFixture, type StoreFixture } from "./store-fixtures.js";

function inScope(scope: LexicalScope | undefined, docId: DocId, level: number): boolean {
  const docs = scope?.docIds ?? [];
  const levels = scope?.levels ?? [];
  return (docs.length === 0 || docs.includes(docId)) && (levels.length === 0 || levels.includes(level));
}

/** The postings a store must give, computed from the fixtures alone. */
export function expectedPostings(fixtures: readonly StoreFixture[], term: string, scope?: LexicalScope): Posting[] {
  const out: Posting[] = [];
  for (const { doc, graph } of fixtures) {
    for (const node of graph.nodes) {
      if (!inScope(scope, doc.docId, node.level)) continue;
      const tf = termFrequencies(node.text).get(term);
      if (tf === undefined) continue;
      out.push({ nodeId: node.nodeId, docId: doc.docId, level: node.level, length: analyze(node.text).length, tf });
    }
  }
  return sortPostings(out);
}

/** The corpus statistics a store must give, computed from the fixtures alone. */
export function expectedStats(fixtures: readonly StoreFixture[], scope?: LexicalScope): LexicalStats {
  let nodes = 0;
  let totalLength = 0;
  for (const { doc, graph } of fixtures) {
    for (const node of graph.nodes) {
      if (!inScope(scope, doc.docId, node.level)) continue;
      nodes += 1;
      totalLength += analyze(node.text).length;
    }
  }
  return { nodes, totalLength };
}

const SCOPES: readonly (LexicalScope | undefined)[] = [
  undefined,
  {},
  { docIds: [] },
  { levels: [] },
  { docIds: [asDocId("a")] },
  { docIds: [asDocId("a"), asDocId("b"), asDocId("a")] },
  { docIds: [asDocId("missing")] },
  { levels: [0] },
  { levels: [1, 2] },
  { levels: [9] },
  { docIds: [asDocId("b")], levels: [1] },
];

/** Declares the lexical tests; `current` gives the test's store, `makeStore` fresh ones. */
export function runLexicalConformance(current: () => Store, makeStore: () => Store | Promise<Store>): void {
  describe("lexical index", () => {
    it("gives postings with term frequencies and node lengths from core/analyze", async () => {
      const store = current();
      const fixture = sampleFixture("a");
      await store.putDocument(fixture.doc, fixture.graph);
      const contract = sortPostings(await store.postings("contract"));
      expect(contract).toEqual(expectedPostings([fixture], "contract"));
      // "The contracts were terminated", "A contract for", "the contractor" (a different term).
      expect(contract.length).toBeGreaterThanOrEqual(3);
      expect((await store.postings("terminat")).map((p) => p.tf)).not.toContain(0);
      expect(await store.postings("the")).toEqual([]);
      expect(await store.postings("Contract")).toEqual([]);
      expect(await store.postings("")).toEqual([]);
    });

    it("filters postings and statistics by documents and levels", async () => {
      const store = current();
      const fixtures = [sampleFixture("a"), generatedFixture("b", 11, 5000), sampleFixture("c")];
      for (const { doc, graph } of fixtures) await store.putDocument(doc, graph);
      const terms = ["contract", "bridge", ...analyze(fixtures[1]?.doc.text.slice(0, 200) ?? "").slice(0, 5)];
      for (const scope of SCOPES) {
        expect(await store.lexicalStats(scope), JSON.stringify(scope)).toEqual(expectedStats(fixtures, scope));
        for (const term of terms) {
          expect(sortPostings(await store.postings(term, scope)), `${term} ${JSON.stringify(scope)}`).toEqual(
            expectedPostings(fixtures, term, scope),
          );
        }
      }
    });

    it("matches a plain model after any sequence of puts, replacements and removals", async () => {
      const op = fc.oneof(
        fc.record({
          kind: fc.constant("put" as const),
          slot: fc.integer({ min: 0, max: 2 }),
          seed: fc.integer({ min: 0, max: 10_000 }),
          chars: fc.integer({ min: 0, max: 1_500 }),
          fanout: fc.integer({ min: 2, max: 4 }),
        }),
        fc.record({ kind: fc.constant("remove" as const), slot: fc.integer({ min: 0, max: 2 }) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
          const store = await makeStore();
          try {
            const model = new Map<string, StoreFixture>();
            for (const step of ops) {
              const docId = ["a", "b", "c"][step.slot] ?? "a";
              if (step.kind === "remove") {
                expect(await store.removeDocument(asDocId(docId))).toBe(model.delete(docId));
                continue;
              }
              const options = { leafChars: 150, fanout: step.fanout, stride: step.fanout - 1 };
              const fixture = generatedFixture(docId, step.seed, step.chars, options);
              await store.putDocument(fixture.doc, fixture.graph);
              model.set(docId, fixture);
            }
            const fixtures = [...model.values()];
            expect((await store.listDocuments()).map((s) => s.docId).sort()).toEqual([...model.keys()].sort());
            const terms = new Set(fixtures.flatMap((f) => analyze(f.doc.text).slice(0, 6)));
            for (const scope of SCOPES) {
              expect(await store.lexicalStats(scope)).toEqual(expectedStats(fixtures, scope));
              for (const term of terms) {
                expect(sortPostings(await store.postings(term, scope))).toEqual(expectedPostings(fixtures, term, scope));
              }
            }
            for (const { doc, graph } of fixtures) {
              expect(await store.getNodes(doc.docId)).toHaveLength(graph.nodes.length);
              expect(await store.getEdges(doc.docId)).toHaveLength(graph.edges.length);
            }
            expect((await store.integrityCheck()).filter((p) => !p.includes("no nodes"))).toEqual([]);
          } finally {
            await store.close();
          }
        }),
        { numRuns: 25 },
      );
    });
  });
}
