import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { runStoreConformance } from "../../testing/store-conformance.js";
import { expectStoreError } from "../../testing/store-expect.js";
import { generatedFixture, sampleFixture } from "../../testing/store-fixtures.js";
import { analyze } from "../../core/analyze.js";
import type { CoarseRow } from "../spec.js";
import { pgTestUrl, PG_SKIP_MESSAGE } from "../../testing/store-postgres.js";
import { openPostgresStore } from "./postgres-store.js";
import { PG_SCHEMA_VERSION } from "./schema.js";
import { createPool } from "./connect.js";

const url = pgTestUrl();
const schemas: string[] = [];
/** A store in a fresh schema of the test server. */
const fresh = (): ReturnType<typeof openPostgresStore> => {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  schemas.push(schema);
  return openPostgresStore(url ?? "", { schema, poolSize: 4 });
};

if (url === undefined) {
  describe.skip(`PostgreSQL store (${PG_SKIP_MESSAGE})`, () => {
    it("needs PECAN_TEST_PG", () => undefined);
  });
} else {
  afterAll(async () => {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  runStoreConformance("postgres", fresh);

  describe("PostgreSQL store", () => {
    it("keeps its data across close and reopen, and records its schema version", async () => {
      const schema = `t_${randomBytes(6).toString("hex")}`;
      schemas.push(schema);
      const store = openPostgresStore(url, { schema });
      const a = sampleFixture("a");
      await store.putDocument(a.doc, a.graph);
      await store.close();
      const again = openPostgresStore(`${url}?schema=${schema}`);
      expect(await again.getDocument(a.doc.docId)).toEqual(a.doc);
      await again.close();
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const meta = await client.query<{ value: string }>(`SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`);
      expect(meta.rows[0]?.value).toBe(String(PG_SCHEMA_VERSION));
      await client.query(`UPDATE "${schema}".meta SET value = '99' WHERE key = 'schema_version'`);
      await client.end();
      const newer = openPostgresStore(url, { schema });
      await expectStoreError(() => newer.listDocuments(), ["E_STORE_VERSION"]);
      await newer.close();
    });

    it("migrates a version-1 store (a postings row per node) to packed postings, reading the same postings and scores", async () => {
      const schema = `t_${randomBytes(6).toString("hex")}`;
      schemas.push(schema);
      const store = openPostgresStore(url, { schema });
      const fixtures = [sampleFixture("a"), generatedFixture("g", 7, 6_000), generatedFixture("h", 8, 3_000)];
      for (const f of fixtures) await store.putDocument(f.doc, f.graph);
      const terms = [...new Set(fixtures.flatMap((f) => f.graph.nodes.flatMap((n) => analyze(n.text))))].sort();
      const before = await Promise.all(terms.map((t) => store.postings(t)));
      const query = { terms: terms.slice(0, 40), k1: 1.2, b: 0.75 };
      const coarse = await store.coarseScores(query);
      await store.close();
      // Back to version 1 as it was written: the v1 table, filled from the packed rows.
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const s = `"${schema}"`;
      await client.query(`
        ALTER TABLE ${s}.postings RENAME TO packed;
        ALTER TABLE ${s}.packed RENAME CONSTRAINT postings_pkey TO packed_pkey;
        DROP INDEX ${s}.postings_term;
        DROP INDEX ${s}.documents_rev;
        CREATE TABLE ${s}.postings (
          doc_id text COLLATE "C" NOT NULL, term text COLLATE "C" NOT NULL, node integer NOT NULL, level integer NOT NULL,
          tf integer NOT NULL, length integer NOT NULL, PRIMARY KEY (doc_id, term, node),
          FOREIGN KEY (doc_id, node) REFERENCES ${s}.nodes (doc_id, idx) ON DELETE CASCADE);
        CREATE INDEX postings_term ON ${s}.postings (term, level) INCLUDE (doc_id, node, tf, length);
        INSERT INTO ${s}.postings SELECT p.doc_id, p.term, u.* FROM ${s}.packed p, unnest(p.nodes, p.levels, p.tfs, p.lengths) AS u;
        DROP TABLE ${s}.packed;
        UPDATE ${s}.meta SET value = '1' WHERE key = 'schema_version';`);
      const v1Rows = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.postings`);
      expect(Number(v1Rows.rows[0]?.n)).toBe(before.reduce((n, list) => n + list.length, 0));
      const again = openPostgresStore(url, { schema });
      expect(await Promise.all(terms.map((t) => again.postings(t)))).toEqual(before);
      // The same figures up to the order of a float sum (SQL sums leaves in plan order).
      const sorted = (rows: CoarseRow[]): CoarseRow[] =>
        [...rows]
          .sort((x, y) => x.docId.localeCompare(y.docId))
          .map((r) => ({ ...r, first: Number(r.first.toPrecision(12)), second: Number(r.second.toPrecision(12)), titleIdf: Number(r.titleIdf.toPrecision(12)) }));
      expect(sorted(await again.coarseScores(query))).toEqual(sorted(coarse));
      expect(await again.integrityCheck()).toEqual([]);
      const meta = await client.query<{ value: string }>(`SELECT value FROM ${s}.meta WHERE key = 'schema_version'`);
      expect(meta.rows[0]?.value).toBe(String(PG_SCHEMA_VERSION));
      const packed = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.postings`);
      expect(Number(packed.rows[0]?.n)).toBeLessThan(Number(v1Rows.rows[0]?.n));
      await client.end();
      await again.close();
    });

    it("migrates a version-2 store to the bounds of schema 3, and prunes to the same selection", async () => {
      const schema = `t_${randomBytes(6).toString("hex")}`;
      schemas.push(schema);
      const store = openPostgresStore(url, { schema });
      // Copies tie, as replicas of a collection do: the k-th best score is shared by several documents.
      const fixtures = [sampleFixture("a"), generatedFixture("g", 7, 6_000), generatedFixture("g2", 7, 6_000), generatedFixture("h", 8, 3_000), generatedFixture("h2", 8, 3_000), generatedFixture("i", 9, 9_000)];
      for (const f of fixtures) await store.putDocument(f.doc, f.graph);
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const s = `"${schema}"`;
      const bounds = `SELECT doc_id, term, max_tf, min_length FROM ${s}.postings ORDER BY doc_id, term`;
      const written = (await client.query(bounds)).rows;
      expect(written.some((r: { max_tf: number }) => r.max_tf > 1)).toBe(true);
      await store.close();
      await client.query(`
        DROP INDEX ${s}.postings_term;
        ALTER TABLE ${s}.postings DROP COLUMN max_tf, DROP COLUMN min_length;
        CREATE INDEX postings_term ON ${s}.postings (term) INCLUDE (leaves);
        UPDATE ${s}.meta SET value = '2' WHERE key = 'schema_version';`);
      const again = openPostgresStore(url, { schema });
      expect(await again.countDocuments()).toBe(fixtures.length);
      expect((await client.query(bounds)).rows).toEqual(written);
      expect(await again.integrityCheck()).toEqual([]);
      const terms = [...new Set(fixtures.flatMap((f) => f.graph.nodes.flatMap((n) => analyze(n.text))))].sort();
      for (const [i, k] of [1, 2, 3, 16].entries()) {
        for (const ratio of [0, 0.5, 0.9]) {
          const query = { terms: terms.filter((_, j) => j % (5 + i) === 0).slice(0, 12), k1: 1.2, b: 0.75 };
          const top = { k, ratio, second: 0.5, title: 1 };
          const select = (rows: CoarseRow[]): string[] => {
            const scored = rows.map((r) => ({ d: r.docId, s: r.first + 0.5 * r.second + r.titleIdf })).filter((x) => x.s > 0);
            scored.sort((x, y) => y.s - x.s || (x.d < y.d ? -1 : 1));
            return scored.filter((x) => x.s >= ratio * (scored[0]?.s ?? 0)).slice(0, k).map((x) => `${x.d} ${x.s.toPrecision(12)}`);
          };
          const all = await again.coarseScores(query);
          const pruned = await again.coarseScores({ ...query, top });
          expect(select(pruned)).toEqual(select(all));
          const byId = new Map(all.map((r) => [r.docId, r]));
          for (const r of pruned) expect(r.first).toBeCloseTo(byId.get(r.docId)?.first ?? Number.NaN, 9);
        }
      }
      await client.query(`UPDATE ${s}.postings SET max_tf = max_tf + 1 WHERE term = 'contract'`);
      expect((await again.integrityCheck()).some((p) => p.includes("contract") && p.includes("bound"))).toBe(true);
      await client.end();
      await again.close();
    });

    it("finds a damaged packed posting in its integrity check", async () => {
      const store = fresh();
      const a = sampleFixture("a");
      await store.putDocument(a.doc, a.graph);
      expect(await store.integrityCheck()).toEqual([]);
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const s = `"${schemas[schemas.length - 1] ?? ""}"`;
      await client.query(`UPDATE ${s}.postings SET leaves = leaves + 1 WHERE term = 'contract'`);
      await client.query(`UPDATE ${s}.postings SET tfs = tfs || 1 WHERE term = 'bridg'`);
      await client.end();
      const problems = await store.integrityCheck();
      expect(problems.some((p) => p.includes("bridg") && p.includes("different lengths"))).toBe(true);
      expect(problems.some((p) => p.includes("contract"))).toBe(true);
      await store.close();
    });

    it("serialises concurrent puts of one document and keeps every put whole", async () => {
      const one = fresh();
      const two = openPostgresStore(url, { schema: schemas[schemas.length - 1] ?? "" });
      const a = sampleFixture("a");
      await one.putDocument(a.doc, a.graph);
      const puts = Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? one : two).putDocument({ ...a.doc, title: `Version ${i}` }, a.graph),
      );
      await Promise.all(puts);
      expect(await one.listDocuments()).toHaveLength(1);
      expect(await two.integrityCheck()).toEqual([]);
      await one.close();
      await two.close();
    });

    it("starts every connection with the store's session settings", async () => {
      const pool = await createPool(url, 2);
      const settings = await pool.query<{ work_mem: string; jit: string }>("SELECT current_setting('work_mem') AS work_mem, current_setting('jit') AS jit");
      expect(settings.rows[0]).toEqual({ work_mem: "32MB", jit: "off" });
      await pool.end();
    });

    it("refuses a bad schema name and an unreachable server with E_STORE", async () => {
      await expectStoreError(() => openPostgresStore(url, { schema: "Robert'); DROP" }), ["E_STORE"]);
      const nowhere = openPostgresStore("postgres://nobody@127.0.0.1:1/none");
      await expectStoreError(() => nowhere.listDocuments(), ["E_STORE"]);
      await nowhere.close();
    });
  });
}
