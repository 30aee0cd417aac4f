/**
 * End to end on PostgreSQL: every store command of the CLI against a `postgres://` store, and
 * the same reading (same context nodes, same answer, same citations) as from SQLite for the
 * same documents and questions.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { AskJson, cliBuilt, InspectJson, IngestJson, ListJson, makeTempDir, parseStdout, runCli, variedText } from "../../testing/cli-runner.js";
import { dropSchemas, pgTestUrl, PG_SKIP_MESSAGE, withSchema } from "../../testing/store-postgres.js";

const url = pgTestUrl();
/** The documents a question opened (ask --json's trace.documents). */
const Opened = z.object({ trace: z.object({ documents: z.array(z.string()).min(1) }) });
const FACTS = [
  "The lighthouse at Port Mara was built in 1874 by the engineer Elsa Brandt.",
  "The orchard cooperative sold its first cider in the autumn of 1952.",
  "The ferry between Lindholm and Skarvik carries at most forty cars.",
];
const QUESTIONS = [
  "When was the lighthouse at Port Mara built, and by whom?",
  "When did the orchard cooperative sell its first cider?",
  "How many cars does the ferry between Lindholm and Skarvik carry?",
  "What did the committee decide about the harbour budget?",
];

if (url === undefined) {
  describe.skip(`pecan CLI on PostgreSQL (${PG_SKIP_MESSAGE})`, () => {
    it("needs PECAN_TEST_PG", () => undefined);
  });
} else {
  const { dir, cleanup } = makeTempDir("cli-pg");
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const pg = withSchema(url, schema);
  const cli = (...args: string[]) => runCli(args, { cwd: dir });

  beforeAll(async () => {
    expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
    const rows = FACTS.map((fact, i) => {
      const body = variedText(40 + i, 2500).split("\n\n");
      body.splice(Math.floor(body.length * (0.3 + 0.2 * i)), 0, fact);
      return JSON.stringify({ doc_id: `doc-${i}`, title: `Minutes ${i}`, text: body.join("\n\n") });
    });
    writeFileSync(join(dir, "docs.jsonl"), `${rows.join("\n")}\n`);
    for (const db of [pg, "s.db"]) {
      const result = await cli("ingest", "--jsonl", "docs.jsonl", "--db", db, "--json");
      expect(result.code, result.stderr).toBe(0);
      expect(parseStdout(result, IngestJson).documents).toHaveLength(FACTS.length);
    }
  }, 120_000);
  afterAll(async () => {
    cleanup();
    await dropSchemas(url, [schema]);
  });

  describe("pecan CLI on PostgreSQL", () => {
    it("lists and inspects the same documents as SQLite", async () => {
      const [fromPg, fromSqlite] = await Promise.all([cli("list", "--db", pg, "--json"), cli("list", "--db", "s.db", "--json")]);
      expect(parseStdout(fromPg, ListJson).map((d) => d.docId).sort()).toEqual(["doc-0", "doc-1", "doc-2"]);
      expect(parseStdout(fromPg, ListJson).sort((a, b) => (a.docId < b.docId ? -1 : 1))).toEqual(
        parseStdout(fromSqlite, ListJson).sort((a, b) => (a.docId < b.docId ? -1 : 1)),
      );
      const [graphPg, graphSqlite] = await Promise.all([cli("inspect", "doc-1", "--db", pg), cli("inspect", "doc-1", "--db", "s.db")]);
      const a = parseStdout(graphPg, InspectJson);
      const b = parseStdout(graphSqlite, InspectJson);
      expect(a.nodes.length).toBeGreaterThan(3);
      expect(a.nodes).toEqual(b.nodes);
      expect(a.edges).toEqual(b.edges);
    }, 60_000);

    it("gives the same reading as SQLite: same context nodes, same answer, same citations", async () => {
      for (const question of QUESTIONS) {
        const [fromPg, fromSqlite] = await Promise.all([cli("ask", question, "--db", pg, "--json"), cli("ask", question, "--db", "s.db", "--json")]);
        expect(fromPg.code, fromPg.stderr).toBe(0);
        const a = parseStdout(fromPg, AskJson);
        const b = parseStdout(fromSqlite, AskJson);
        expect(a.context).toEqual(b.context);
        expect(a.answer).toBe(b.answer);
        expect(a.citations).toEqual(b.citations);
        expect(parseStdout(fromPg, Opened).trace.documents).toEqual(parseStdout(fromSqlite, Opened).trace.documents);
      }
    }, 90_000);

    it("removes a document, and PECAN_DB names the store too", async () => {
      const removed = await runCli(["remove", "doc-2"], { cwd: dir, env: { PECAN_DB: pg } });
      expect(removed.code, removed.stderr).toBe(0);
      const listed = await runCli(["list", "--json"], { cwd: dir, env: { PECAN_DB: pg } });
      expect(parseStdout(listed, ListJson).map((d) => d.docId).sort()).toEqual(["doc-0", "doc-1"]);
      const gone = await cli("ask", QUESTIONS[2] ?? "", "--doc", "doc-2", "--db", pg, "--json");
      expect(gone.code).not.toBe(0);
      expect(gone.stderr).toMatch(/E_NOT_FOUND/);
    }, 60_000);
  });
}
