/**
 * The coarse stage pruned by bounds (`CoarseQuery.top`, schema 3) against the exhaustive
 * statement on real questions: three of the dev sets' documents (hotpotqa, musique and qasper:
 * the short ones, so the ingest takes seconds) in one PostgreSQL store, every question of those
 * sets asked both ways. The selection (documents, order and scores) must be the same. Skipped
 * without a test server or without the dev data (`PECAN_DEV_DATA`, default `../shared/data`).
 */
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createEngine } from "../../engine/create.js";
import { loadDataset } from "../../eval/dataset.js";
import { DEFAULT_COARSE, scoreDocuments, selectDocuments } from "../../retrieval/coarse.js";
import { pgTestUrl, withSchema } from "../../testing/store-postgres.js";
import { openPostgresStore } from "./postgres-store.js";

const url = pgTestUrl();
const dataDir = resolve(process.env.PECAN_DEV_DATA ?? "../shared/data");
const SETS = ["hotpotqa", "musique", "qasper"];
const schema = `t_${randomBytes(6).toString("hex")}`;

if (url === undefined || !SETS.every((name) => existsSync(resolve(dataDir, name)))) {
  describe.skip("pruned coarse stage on dev questions (needs PECAN_TEST_PG and the dev data)", () => {
    it("is skipped", () => undefined);
  });
} else {
  afterAll(async () => {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  describe("pruned coarse stage on dev questions", () => {
    it("selects the documents the exhaustive statement selects, in the same order with the same scores", async () => {
      const sets = await Promise.all(SETS.map((name) => loadDataset(dataDir, name, { allDocuments: true })));
      const engine = createEngine({ dbPath: withSchema(url, schema) });
      await engine.ingestDocuments(sets.flatMap((set) => set.documents.map((d) => ({ docId: d.docId, title: d.title, text: d.text, source: set.name }))));
      await engine.close();
      const store = openPostgresStore(url, { schema });
      try {
        const { maxDocs, ratio } = DEFAULT_COARSE;
        const questions = sets.flatMap((set) => set.questions.map((q) => q.question));
        expect(questions.length).toBeGreaterThan(200);
        let pruned = 0;
        for (const question of questions) {
          const all = await scoreDocuments(store, question);
          const top = all[0]?.score ?? 0;
          const expected = all.filter((d) => d.score >= ratio * top).slice(0, maxDocs);
          const got = await selectDocuments(store, question);
          expect(got.map((d) => d.docId), question).toEqual(expected.map((d) => d.docId));
          got.forEach((d, i) => expect(d.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 9));
          const returned = await scoreDocuments(store, question, {}, { k: maxDocs, ratio, second: DEFAULT_COARSE.second, title: DEFAULT_COARSE.title });
          if (returned.length < all.length) pruned++;
        }
        // The bounds must leave documents out for most questions, or they buy nothing.
        expect(pruned).toBeGreaterThan(questions.length / 2);
      } finally {
        await store.close();
      }
    }, 300_000);
  });
}
