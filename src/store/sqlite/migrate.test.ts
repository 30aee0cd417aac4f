import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { asDocId } from "../../core/ids.js";
import { createEngine } from "../../engine/create.js";
import { expectStoreError } from "../../testing/store-expect.js";
import { SCHEMA_VERSION } from "./schema.js";
import { openSqliteStore } from "./sqlite-store.js";
import { forEachPosting } from "./postings-blob.js";
import { forEachEdge } from "./edges-blob.js";

const dir = mkdtempSync(join(tmpdir(), "pecan-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HARBOUR = {
  docId: asDocId("harbour"),
  title: "Harbour committee minutes",
  text: "The harbour committee met on Tuesday. It approved the new breakwater. The budget for dredging was set at four million crowns. The ferry timetable stays as it is.",
  source: "minutes.txt",
};

/** A document long enough for information points, so its graph has edges. */
const REPORT = {
  docId: asDocId("report"),
  title: "Harbour works report",
  text: Array.from({ length: 40 }, (_, i) =>
    `Section ${i + 1}. The works crew inspected pier ${i + 1} and logged ${3 + (i % 7)} repairs to the decking. ` +
    `In the spring ${i % 5} ferries were repainted, and the dredger cleared ${120 + i} cubic metres of silt near berth ${i % 9}. ` +
    `The harbour master noted that tide gauge ${i % 4} read high on ${i % 3 === 0 ? "Monday" : "Thursday"}.`,
  ).join("\n\n"),
  source: "report.txt",
};

/** Turns a store into the version-4 layout (what an older Pecan wrote): an edges row per edge. */
function downgradeToVersion4(path: string): void {
  const db = new Database(path);
  const packed = db.prepare<[], { doc_id: string; made_by: string; data: Buffer }>("SELECT doc_id, made_by, data FROM edges").all();
  const order = db.prepare<[string], number>("SELECT id FROM nodes WHERE doc_id = ? ORDER BY level, ordinal").pluck();
  db.exec(`
    DROP TABLE edges;
    CREATE TABLE edges (
      parent INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
      child INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
      weight REAL NOT NULL,
      made_by TEXT NOT NULL,
      PRIMARY KEY (parent, child)
    ) WITHOUT ROWID, STRICT;
    CREATE INDEX edges_child ON edges(child);
  `);
  const insert = db.prepare("INSERT INTO edges (parent, child, weight, made_by) VALUES (?, ?, ?, ?)");
  for (const row of packed) {
    const ids = order.all(row.doc_id);
    forEachEdge(row.data, row.made_by, (parent, child, weight, madeBy) => insert.run(ids[parent], ids[child], weight, madeBy));
  }
  db.exec("UPDATE meta SET value = '4' WHERE key = 'schema_version'; PRAGMA user_version = 4;");
  db.close();
}

/** Turns a store into the version-3 layout (what an older Pecan wrote): a postings row per node and term. */
function downgradeToVersion3(path: string): void {
  downgradeToVersion4(path);
  const db = new Database(path);
  const packed = db.prepare<[], { term: string; doc_id: string; nodes: Buffer }>("SELECT term, doc_id, nodes FROM postings").all();
  db.exec(`
    DROP TABLE postings;
    CREATE TABLE postings (
      term TEXT NOT NULL,
      node INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
      doc_id TEXT NOT NULL,
      level INTEGER NOT NULL,
      tf INTEGER NOT NULL,
      length INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (term, node)
    ) WITHOUT ROWID, STRICT;
    CREATE INDEX postings_node ON postings(node);
  `);
  const insert = db.prepare("INSERT INTO postings (term, node, doc_id, level, tf, length) VALUES (?, ?, ?, ?, ?, ?)");
  for (const row of packed) forEachPosting(row.nodes, (node, level, tf, length) => insert.run(row.term, node, row.doc_id, level, tf, length));
  db.exec("UPDATE meta SET value = '3' WHERE key = 'schema_version'; PRAGMA user_version = 3;");
  db.close();
}

/** Turns a store into the version-2 layout (what an older Pecan wrote): postings without lengths. */
function downgradeToVersion2(path: string): void {
  downgradeToVersion3(path);
  const db = new Database(path);
  db.exec(`
    ALTER TABLE postings DROP COLUMN length;
    UPDATE meta SET value = '2' WHERE key = 'schema_version';
    PRAGMA user_version = 2;
  `);
  db.close();
}

/** Turns a store into the version-1 layout (what an older Pecan wrote). */
function downgradeToVersion1(path: string): void {
  downgradeToVersion2(path);
  const db = new Database(path);
  db.exec(`
    DROP TABLE question_data;
    DROP TABLE title_terms;
    ALTER TABLE documents DROP COLUMN rev;
    DELETE FROM meta WHERE key = 'change_counter';
    UPDATE meta SET value = '1' WHERE key = 'schema_version';
    PRAGMA user_version = 1;
  `);
  db.close();
}

describe("SQLite schema migration", () => {
  it("migrates a version-1 store forward on a writable open, and answers the same", async () => {
    const path = join(dir, "old.db");
    const engine = createEngine({ dbPath: path });
    await engine.ingestDocuments([HARBOUR]);
    const before = await engine.ask("What was the budget for dredging?");
    await engine.close();
    downgradeToVersion1(path);

    await expectStoreError(() => openSqliteStore(path, { readonly: true }), ["E_STORE_VERSION"]);
    try {
      openSqliteStore(path, { readonly: true });
    } catch (error) {
      expect(String(error)).toMatch(/open it once writable/);
    }

    const again = createEngine({ dbPath: path });
    const after = await again.ask("What was the budget for dredging?");
    expect(after.answer).toBe(before.answer);
    expect(after.context).toEqual(before.context);
    // The first question computed the question-time data and saved it.
    const rows = await again.store.getQuestionData([after.trace.documents[0]!]);
    expect(rows[0]?.data?.byteLength).toBeGreaterThan(0);
    await again.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT COUNT(*) AS n FROM title_terms").get()).toEqual({ n: 3 });
    db.close();
  });

  it("migrates a version-2 store forward: postings get their nodes' lengths, and questions read the same", async () => {
    const path = join(dir, "v2.db");
    const engine = createEngine({ dbPath: path });
    await engine.ingestDocuments([HARBOUR, { ...HARBOUR, docId: asDocId("ferry"), title: "Ferry notes", text: "The ferry runs hourly. The harbour fee is two crowns." }]);
    const before = await engine.ask("What was the budget for dredging?");
    await engine.close();
    downgradeToVersion2(path);

    await expectStoreError(() => openSqliteStore(path, { readonly: true }), ["E_STORE_VERSION"]);
    const again = createEngine({ dbPath: path });
    const after = await again.ask("What was the budget for dredging?");
    expect(after.answer).toBe(before.answer);
    expect(after.context).toEqual(before.context);
    expect(after.trace.documents).toEqual(before.trace.documents);
    await again.close();

    await expectMigrated(path);
  });

  it("migrates a version-3 store forward: a postings row per term and document, the same postings and questions", async () => {
    const path = join(dir, "v3.db");
    const engine = createEngine({ dbPath: path });
    await engine.ingestDocuments([HARBOUR, { ...HARBOUR, docId: asDocId("ferry"), title: "Ferry notes", text: "The ferry runs hourly. The harbour fee is two crowns." }]);
    const before = await engine.ask("What was the harbour fee?");
    const postingsBefore = await engine.store.postings("harbour");
    const leafPostingsBefore = await engine.store.postings("harbour", { levels: [0], docIds: [asDocId("ferry")] });
    await engine.close();
    downgradeToVersion3(path);
    const old = new Database(path, { readonly: true });
    const pairs = (old.prepare("SELECT COUNT(*) AS n FROM (SELECT DISTINCT term, doc_id FROM postings)").get() as { n: number }).n;
    old.close();

    const again = createEngine({ dbPath: path });
    expect(await again.store.postings("harbour")).toEqual(postingsBefore);
    expect(await again.store.postings("harbour", { levels: [0], docIds: [asDocId("ferry")] })).toEqual(leafPostingsBefore);
    const after = await again.ask("What was the harbour fee?");
    expect(after.answer).toBe(before.answer);
    expect(after.trace.documents).toEqual(before.trace.documents);
    await again.close();
    expect(await expectMigrated(path)).toBe(pairs);
  });

  it("migrates a version-4 store forward: an edges row per document, the same graph and questions", async () => {
    const path = join(dir, "v4.db");
    const engine = createEngine({ dbPath: path });
    await engine.ingestDocuments([HARBOUR, REPORT]);
    const edgesBefore = await engine.store.getEdges(REPORT.docId);
    expect(edgesBefore.length).toBeGreaterThan(20);
    const before = await engine.ask("How many ferries were repainted in the spring?");
    await engine.close();
    downgradeToVersion4(path);
    const old = new Database(path, { readonly: true });
    expect(old.prepare("SELECT COUNT(*) AS n FROM edges").get()).toEqual({ n: edgesBefore.length });
    old.close();

    await expectStoreError(() => openSqliteStore(path, { readonly: true }), ["E_STORE_VERSION"]);
    const told: [number, number][] = [];
    const again = createEngine({ dbPath: path, onStoreMigrate: (from, to) => told.push([from, to]) });
    expect(told).toEqual([[4, SCHEMA_VERSION]]);
    expect(await again.store.getEdges(REPORT.docId)).toEqual(edgesBefore);
    expect(await again.store.getEdges(HARBOUR.docId)).toEqual([]);
    const after = await again.ask("How many ferries were repainted in the spring?");
    expect(after.answer).toBe(before.answer);
    expect(after.context).toEqual(before.context);
    await again.close();
    await expectMigrated(path);
    // Told once: a store of this version opens without a word.
    await openSqliteStore(path, { onMigrate: (from, to) => told.push([from, to]) }).close();
    expect(told).toHaveLength(1);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT doc_id FROM edges").pluck().all()).toEqual([REPORT.docId]);
    db.close();
  });
});

/** Checks a migrated store: this schema version, sound, with postings; returns its postings rows. */
async function expectMigrated(path: string): Promise<number> {
  const store = openSqliteStore(path);
  expect(await store.integrityCheck()).toEqual([]);
  await store.close();
  const db = new Database(path, { readonly: true });
  expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
  const rows = (db.prepare("SELECT COUNT(*) AS n FROM postings").get() as { n: number }).n;
  db.close();
  expect(rows).toBeGreaterThan(10);
  return rows;
}
