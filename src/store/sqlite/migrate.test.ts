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

const dir = mkdtempSync(join(tmpdir(), "pecan-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HARBOUR = {
  docId: asDocId("harbour"),
  title: "Harbour committee minutes",
  text: "The harbour committee met on Tuesday. It approved the new breakwater. The budget for dredging was set at four million crowns. The ferry timetable stays as it is.",
  source: "minutes.txt",
};

/** Turns a store into the version-2 layout (what an older Pecan wrote): postings without lengths. */
function downgradeToVersion2(path: string): void {
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

    const db = new Database(path, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    const wrong = db.prepare("SELECT COUNT(*) AS n FROM postings p JOIN nodes n ON n.id = p.node WHERE p.length <> n.length").get();
    expect(wrong).toEqual({ n: 0 });
    expect((db.prepare("SELECT COUNT(*) AS n FROM postings").get() as { n: number }).n).toBeGreaterThan(10);
    db.close();
  });
});
