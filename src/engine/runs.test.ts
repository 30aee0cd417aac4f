/**
 * Runs: a multi-document ingest builds consecutive documents and commits them together, in a
 * worker or in this thread. What it stores and reports is what committing each document alone
 * gives: a failure stores those before it and none after, a document given twice is unchanged the
 * second time, and a run whose commit fails is put one by one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asDocId, createEngine, type LoadedDocument } from "../index.js";
import { createSummarizer, createWeigher } from "../graph/index.js";
import { createMemoryStore, openSqliteStore } from "../store/index.js";
import { cliBuilt, variedText } from "../testing/cli-runner.js";
import { buildDocument, commitRun, type BuildParts } from "./ingest.js";
import { lastRunLimits } from "./pool.js";

const dir = mkdtempSync(join(tmpdir(), "pecan-runs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (i: number): LoadedDocument => ({ docId: asDocId(`doc-${i}`), title: `Document ${i}`, text: variedText(100 + i, 150), source: "test" });
const docs = Array.from({ length: 12 }, (_, i) => doc(i));
const bad: LoadedDocument = { ...doc(99), docId: asDocId("../escape") };

describe.runIf(cliBuilt())("ingest runs", () => {
  for (const workers of [0, 1]) {
    it(`stops at a failure inside a run, storing those before it (${workers} workers)`, async () => {
      const engine = createEngine({ dbPath: join(dir, `fail-${workers}.db`), ingestWorkers: workers });
      // One worker takes the first document alone, then the next ones as a run.
      await expect(engine.ingestDocuments([...docs.slice(0, 6), bad, ...docs.slice(6)])).rejects.toMatchObject({ code: "E_INPUT_MALFORMED" });
      expect((await engine.list()).map((d) => d.docId)).toEqual(docs.slice(0, 6).map((d) => d.docId));
      expect(await engine.store.integrityCheck()).toEqual([]);
      await engine.close();
    }, 60_000);

    it(`lists a run's documents in the order given and skips a document given twice (${workers} workers)`, async () => {
      const engine = createEngine({ dbPath: join(dir, `twice-${workers}.db`), ingestWorkers: workers });
      const order = [docs[3]!, docs[1]!, docs[2]!, docs[3]!, docs[0]!];
      const report = await engine.ingestDocuments(order);
      expect(report.documents.map((d) => [d.docId, d.skipped ?? "stored"])).toEqual([
        ["doc-3", "stored"],
        ["doc-1", "stored"],
        ["doc-2", "stored"],
        ["doc-3", "unchanged"],
        ["doc-0", "stored"],
      ]);
      expect((await engine.list()).map((d) => d.docId)).toEqual(["doc-3", "doc-1", "doc-2", "doc-0"]);
      await engine.close();
    }, 60_000);
  }
});

describe("stopping an ingest", () => {
  for (const workers of [0, 1]) {
    it(`commits what was started and reports stopped (${workers} workers)`, async () => {
      const engine = createEngine({ dbPath: join(dir, `stop-${workers}.db`), ingestWorkers: workers });
      // More documents than the pool's window, so some are not yet handed out when it stops.
      const many = Array.from({ length: 80 }, (_, i) => doc(i));
      const stop = new AbortController();
      const report = await engine.ingestDocuments(many, { stop: stop.signal, onProgress: (e) => e.phase === "graph" && stop.abort() });
      expect(report.stopped).toBe(true);
      expect(report.documents.length).toBeGreaterThan(0);
      expect(report.documents.length).toBeLessThan(many.length);
      expect((await engine.list()).map((d) => d.docId)).toEqual(report.documents.map((d) => d.docId));
      expect((await engine.ingestDocuments(many)).stopped).toBeUndefined();
      expect(await engine.count()).toBe(many.length);
      await engine.close();
    }, 60_000);
  }
});

describe("commitRun", () => {
  it.each(["memory", "sqlite"])("puts a run one by one when it fails together: those before the failing document are stored (%s)", async (kind) => {
    const parts: BuildParts = { summarizer: createSummarizer("lexrank"), weigher: createWeigher("alignment"), chunk: {}, levels: {} };
    const store = kind === "memory" ? createMemoryStore() : openSqliteStore(join(dir, "commit-run.db"));
    const [first, ok, second, after] = await Promise.all([0, 1, 2, 3].map((i) => buildDocument(parts, doc(i))));
    await commitRun(store, [first!]);
    const taken = first!.graph.nodes[0]!.nodeId;
    const own = second!.graph.nodes[0]!.nodeId;
    const stolen = {
      ...second!,
      graph: {
        nodes: second!.graph.nodes.map((n, i) => (i === 0 ? { ...n, nodeId: taken } : n)),
        edges: second!.graph.edges.map((e) => (e.child === own ? { ...e, child: taken } : e)),
      },
    };
    const { stored, error } = await commitRun(store, [ok!, stolen, after!]);
    expect(stored).toBe(1);
    expect(error).toMatchObject({ code: "E_INTERNAL" });
    expect((await store.listDocuments()).map((d) => d.docId)).toEqual(["doc-0", "doc-1"]);
    expect(await store.integrityCheck()).toEqual([]);
    await store.close();
  });
});

describe("the last runs of an ingest", () => {
  it("share what is left among twice the workers, within the usual limits", () => {
    const limits = { documents: 16, chars: 1_000_000 };
    expect(lastRunLimits(20, 400_000, 2, limits)).toEqual({ documents: 5, chars: 100_000 });
    expect(lastRunLimits(200, 9_000_000, 2, limits)).toEqual(limits);
    expect(lastRunLimits(1, 50, 2, limits)).toEqual({ documents: 1, chars: 13 });
    expect(lastRunLimits(3, 3_000, 0, limits)).toEqual({ documents: 2, chars: 1_500 });
  });
});
