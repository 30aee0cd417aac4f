import Database from "better-sqlite3";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asDocId } from "../../core/ids.js";
import { runStoreConformance } from "../../testing/store-conformance.js";
import { expectStoreError, snapshot } from "../../testing/store-expect.js";
import { generatedFixture, sampleFixture } from "../../testing/store-fixtures.js";
import { SCHEMA_VERSION } from "./schema.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "pecan-sqlite-"));
let files = 0;
const tempFile = (): string => join(dir, `store-${files++}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreConformance("sqlite", () => openSqliteStore(tempFile()));

describe("SQLite store", () => {
  it("keeps its data across close and reopen", async () => {
    const path = tempFile();
    const store = openSqliteStore(path);
    const a = sampleFixture("a");
    const b = generatedFixture("b", 5, 8000);
    await store.putDocument(a.doc, a.graph);
    await store.putDocument(b.doc, b.graph);
    const before = await snapshot(store, ["contract", "bridge"]);
    await store.close();
    const again = openSqliteStore(path);
    expect(await snapshot(again, ["contract", "bridge"])).toEqual(before);
    expect(await again.integrityCheck()).toEqual([]);
    await again.close();
  });

  it("puts a new file in WAL mode with schema version 5 and its meta table", async () => {
    const path = tempFile();
    await openSqliteStore(path).close();
    const db = new Database(path);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(5);
    const meta = db.prepare<[], { key: string; value: string }>("SELECT key, value FROM meta").all();
    expect(Object.fromEntries(meta.map((row) => [row.key, row.value]))).toMatchObject({
      schema_version: "5",
      created_by: "pecan",
      change_counter: "0",
    });
    db.close();
  });

  it("gives an empty file the schema", async () => {
    const path = tempFile();
    writeFileSync(path, "");
    await expectStoreError(() => openSqliteStore(path, { readonly: true }), ["E_STORE"]);
    const store = openSqliteStore(path);
    const a = sampleFixture("a");
    await store.putDocument(a.doc, a.graph);
    expect(await store.listDocuments()).toHaveLength(1);
    await store.close();
  });

  it("refuses a store of another schema version with E_STORE_VERSION", async () => {
    const path = tempFile();
    await openSqliteStore(path).close();
    const db = new Database(path);
    db.pragma("user_version = 6");
    db.prepare("UPDATE meta SET value = '6' WHERE key = 'schema_version'").run();
    db.close();
    await expectStoreError(() => openSqliteStore(path), ["E_STORE_VERSION"]);
    try {
      openSqliteStore(path);
    } catch (error) {
      // The message names both versions.
      expect(String(error)).toMatch(/\b6\b[\s\S]*\b5\b/);
    }
  });

  it("refuses a file that is not SQLite, leaving it untouched", async () => {
    const path = tempFile();
    const junk = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251));
    writeFileSync(path, junk);
    await expectStoreError(() => openSqliteStore(path), ["E_STORE"]);
    await expectStoreError(() => openSqliteStore(path, { readonly: true }), ["E_STORE"]);
    expect(readFileSync(path).equals(junk)).toBe(true);
  });

  it("refuses a SQLite database that is not a Pecan store, without changing it", async () => {
    const path = tempFile();
    const db = new Database(path);
    db.exec("CREATE TABLE people (name TEXT)");
    db.close();
    await expectStoreError(() => openSqliteStore(path), ["E_STORE"]);
    const again = new Database(path);
    expect(again.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(again.pragma("user_version", { simple: true })).toBe(0);
    await again.close();
  });

  it("refuses a path that cannot be opened", async () => {
    await expectStoreError(() => openSqliteStore(join(dir, "no", "such", "dir", "x.db")), ["E_STORE"]);
    await expectStoreError(() => openSqliteStore(join(dir, "missing.db"), { readonly: true }), ["E_STORE"]);
  });

  it("opens read-only: reads work, writes are E_STORE", async () => {
    const path = tempFile();
    const writer = openSqliteStore(path);
    const a = sampleFixture("a");
    await writer.putDocument(a.doc, a.graph);
    await writer.close();
    const reader = openSqliteStore(path, { readonly: true });
    expect(await reader.getNodes(a.doc.docId)).toHaveLength(a.graph.nodes.length);
    await expectStoreError(() => reader.putDocument(a.doc, a.graph), ["E_STORE"]);
    await expectStoreError(() => reader.removeDocument(a.doc.docId), ["E_STORE"]);
    expect(await reader.getNodes(a.doc.docId)).toHaveLength(a.graph.nodes.length);
    await reader.close();
  });

  it("sees another connection's commits", async () => {
    const path = tempFile();
    const one = openSqliteStore(path);
    const two = openSqliteStore(path);
    const a = sampleFixture("a");
    await one.putDocument(a.doc, a.graph);
    expect(await two.getDocument(a.doc.docId)).toEqual(a.doc);
    expect(await two.removeDocument(a.doc.docId)).toBe(true);
    expect(await one.listDocuments()).toEqual([]);
    await one.close();
    await two.close();
  });

  it("integrityCheck finds damage made behind the store's back", async () => {
    const path = tempFile();
    const store = openSqliteStore(path);
    const a = sampleFixture("a");
    await store.putDocument(a.doc, a.graph);
    const db = new Database(path);
    db.pragma("foreign_keys = OFF");
    db.prepare("DELETE FROM nodes WHERE node_id = ?").run("a#0.0");
    db.prepare("UPDATE nodes SET spans = 'not json' WHERE node_id = ?").run("a#1.0");
    db.close();
    const problems = await store.integrityCheck();
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.join("\n")).toMatch(/a#1\.0/);
    await expectStoreError(() => store.getNodes(asDocId("a")), ["E_STORE"]);
    await store.close();
  });

  it("integrityCheck reads the packed edges: a damaged row, an end past the nodes, a repeat", async () => {
    const path = tempFile();
    const store = openSqliteStore(path);
    const [a, b, c] = ["a", "b", "c"].map((id) => sampleFixture(id));
    for (const item of [a!, b!, c!]) await store.putDocument(item.doc, item.graph);
    expect(await store.integrityCheck()).toEqual([]);
    const db = new Database(path);
    const data = (id: string): Buffer => db.prepare<[string], Buffer>("SELECT data FROM edges WHERE doc_id = ?").pluck().get(id)!;
    const write = (id: string, blob: Buffer): void => void db.prepare("UPDATE edges SET data = ? WHERE doc_id = ?").run(blob, id);
    write("a", data("a").subarray(1));
    const past = Buffer.from(data("b"));
    past.writeUInt32LE(10_000, 4);
    write("b", past);
    const repeated = data("c");
    write("c", Buffer.concat([repeated, repeated.subarray(0, 18)]));
    db.close();
    const problems = (await store.integrityCheck()).join("\n");
    expect(problems).toMatch(/edges of a are damaged/);
    expect(problems).toMatch(/edge of b points past/);
    expect(problems).toMatch(/edges of c are out of order or repeated/);
    await expectStoreError(() => store.getEdges(asDocId("a")), ["E_STORE"]);
    await expectStoreError(() => store.getEdges(asDocId("b")), ["E_STORE"]);
    await store.close();
  });

  it("stores a 100k-token document with its graph quickly, and replaces it as fast", async () => {
    const store = openSqliteStore(tempFile());
    // About 400k characters (~100k tokens), ~1,000 leaves, ~2,000 nodes, ~4,000 edges.
    const big = generatedFixture("big", 42, 400_000, { leafChars: 400, fanout: 4, stride: 2 });
    expect(big.graph.nodes.length).toBeGreaterThan(1_500);
    expect(big.graph.edges.length).toBeGreaterThan(3_000);
    let started = performance.now();
    await store.putDocument(big.doc, big.graph);
    const put = performance.now() - started;
    started = performance.now();
    await store.putDocument(big.doc, big.graph);
    const replace = performance.now() - started;
    started = performance.now();
    expect(await store.removeDocument(big.doc.docId)).toBe(true);
    const remove = performance.now() - started;
    await store.close();
    // Typically a few hundred ms each; the bound leaves room for a slow, busy machine and still
    // catches a lost index (a remove that scans per row takes minutes).
    expect(put).toBeLessThan(5_000);
    expect(replace).toBeLessThan(5_000);
    expect(remove).toBeLessThan(5_000);
  });
});
