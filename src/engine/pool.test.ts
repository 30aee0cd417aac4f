/**
 * The ingest pool: worker threads that load, build and write documents (the built worker in
 * dist/ runs; `npm test` builds first). The store it leaves is the one a single-threaded
 * ingest leaves; failures stop a run as they do in one thread; a full queue is `E_BUSY`.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asDocId, createEngine, type Engine, type LoadedDocument } from "../index.js";
import { createIngestPool } from "./pool.js";
import { cliBuilt, variedText } from "../testing/cli-runner.js";

const dir = mkdtempSync(join(tmpdir(), "pecan-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const docs: LoadedDocument[] = Array.from({ length: 6 }, (_, i) => ({
  docId: asDocId(`doc-${i}`),
  title: `Document ${i}`,
  text: variedText(40 + i, 600 + 500 * i),
  source: "test",
}));

/** Everything a store holds, but the ingest times. */
async function contents(engine: Engine): Promise<unknown> {
  const out: unknown[] = [];
  for (const summary of await engine.list()) {
    const { document, graph } = await engine.inspect(summary.docId);
    const { createdAt: _createdAt, ...rest } = document;
    out.push({ summary: { ...summary, createdAt: undefined }, document: rest, graph });
  }
  return out;
}

describe.runIf(cliBuilt())("the ingest pool", () => {
  it("leaves the same store as an ingest in this thread, committed in the order given", async () => {
    const single = createEngine({ dbPath: join(dir, "single.db") });
    const pooled = createEngine({ dbPath: join(dir, "pooled.db"), ingestWorkers: 2 });
    const a = await single.ingestDocuments(docs);
    const b = await pooled.ingestDocuments(docs);
    expect(b.documents.map((d) => d.docId)).toEqual(docs.map((d) => d.docId));
    expect(b.documents.map(({ ms: _ms, ...d }) => d)).toEqual(a.documents.map(({ ms: _ms, ...d }) => d));
    expect(await contents(pooled)).toEqual(await contents(single));
    expect((await pooled.store.integrityCheck())).toEqual([]);
    const again = await pooled.ingestDocuments(docs);
    expect(again.documents.every((d) => d.skipped === "unchanged")).toBe(true);
    const question = docs[3]!.text.split(/[.\n]/)[0]!;
    const answer = await pooled.ask(question, { docIds: [docs[3]!.docId], budget: 200 });
    expect(answer.citations.length).toBeGreaterThan(0);
    await single.close();
    await pooled.close();
    // The workers closed their connections before the engine's: the log is folded into the file.
    expect(existsSync(join(dir, "pooled.db-wal"))).toBe(false);
    expect(existsSync(join(dir, "single.db-wal"))).toBe(false);
  }, 60_000);

  it("stops at the first failing document: those before it are stored, none after", async () => {
    const engine = createEngine({ dbPath: join(dir, "fail.db"), ingestWorkers: 2 });
    const bad: LoadedDocument = { ...docs[0]!, docId: asDocId("../escape"), text: "Escape attempt." };
    await expect(engine.ingestDocuments([docs[0]!, docs[1]!, bad, docs[2]!, docs[3]!])).rejects.toMatchObject({ code: "E_INPUT_MALFORMED" });
    expect((await engine.list()).map((d) => d.docId)).toEqual(["doc-0", "doc-1"]);
    await engine.close();
  }, 60_000);

  it("loads uploads in the worker, with their codes for bad input", async () => {
    const engine = createEngine({ dbPath: join(dir, "upload.db"), ingestWorkers: 1 });
    const html = new TextEncoder().encode(`<html><head><title>Canal</title></head><body><p>${variedText(7, 300)}</p></body></html>`);
    const report = await engine.ingestBuffer("canal.html", html);
    expect(report.documents[0]).toMatchObject({ docId: "canal", title: "Canal" });
    expect((await engine.ingestBuffer("canal.html", html)).documents[0]!.skipped).toBe("unchanged");
    await expect(engine.ingestBuffer("empty.txt", new TextEncoder().encode("  \n"))).rejects.toMatchObject({ code: "E_INPUT_EMPTY" });
    await expect(engine.ingestBuffer("x.txt", new Uint8Array([0, 1, 2, 0, 0, 3, 4, 0]))).rejects.toMatchObject({ code: "E_INPUT_BINARY" });
    expect((await engine.list()).map((d) => d.docId)).toEqual(["canal"]);
    await engine.close();
  }, 60_000);

  it("refuses work past its queue with E_BUSY", async () => {
    await createEngine({ dbPath: join(dir, "busy.db") }).close();
    const pool = createIngestPool({ dbPath: join(dir, "busy.db"), chunk: {}, levels: {}, load: {} }, { workers: 1, maxQueued: 1 });
    const hooks = { loaded: () => Promise.resolve(undefined), turn: Promise.resolve() };
    const task = (i: number) => ({ kind: "document" as const, doc: docs[i]! });
    const first = pool.ingest(task(4), hooks);
    const second = pool.ingest(task(5), hooks);
    await expect(pool.ingest(task(1), hooks)).rejects.toMatchObject({ code: "E_BUSY" });
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    await pool.close();
  }, 60_000);
});
