import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { runStoreConformance } from "../../testing/store-conformance.js";
import { expectStoreError } from "../../testing/store-expect.js";
import { sampleFixture } from "../../testing/store-fixtures.js";
import { pgTestUrl, PG_SKIP_MESSAGE } from "../../testing/store-postgres.js";
import { openPostgresStore } from "./postgres-store.js";
import { PG_SCHEMA_VERSION } from "./schema.js";

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

    it("refuses a bad schema name and an unreachable server with E_STORE", async () => {
      await expectStoreError(() => openPostgresStore(url, { schema: "Robert'); DROP" }), ["E_STORE"]);
      const nowhere = openPostgresStore("postgres://nobody@127.0.0.1:1/none");
      await expectStoreError(() => nowhere.listDocuments(), ["E_STORE"]);
      await nowhere.close();
    });
  });
}
