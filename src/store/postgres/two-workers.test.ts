/**
 * Two `pecan serve` workers on one PostgreSQL store: a document uploaded through one is
 * answerable through the other at once; a new version replaces what the other had cached; a
 * removal through one is seen by both; and 100 concurrent questions to both while both ingest
 * all succeed.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBuilt, spawnCli, variedText } from "../../testing/cli-runner.js";
import { dropSchemas, pgTestUrl, PG_SKIP_MESSAGE, withSchema } from "../../testing/store-postgres.js";

const url = pgTestUrl();

interface Worker {
  readonly child: ChildProcess;
  readonly base: string;
}

function startWorker(db: string): Promise<Worker> {
  const child = spawnCli(["serve", "--port", "0", "--db", db]);
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match) resolve({ child, base: match[1] ?? "" });
    });
    child.once("exit", (code) => reject(new Error(`the worker exited with ${String(code)}: ${stderr}`)));
  });
}

async function upload(worker: Worker, docId: string, title: string, text: string): Promise<number> {
  const res = await fetch(new URL("documents", worker.base), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ docId, title, text }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function ask(worker: Worker, question: string, docIds?: string[]): Promise<{ status: number; answer: string; documents: string[] }> {
  const res = await fetch(new URL("ask", worker.base), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ question, ...(docIds ? { docIds } : {}) }),
  });
  const body = (await res.json()) as { answer?: string; trace?: { documents?: string[] } };
  return { status: res.status, answer: body.answer ?? "", documents: body.trace?.documents ?? [] };
}

function withFact(seed: number, fact: string): string {
  const body = variedText(seed, 1500).split("\n\n");
  body.splice(Math.floor(body.length / 2), 0, fact);
  return body.join("\n\n");
}

if (url === undefined) {
  describe.skip(`two serve workers on PostgreSQL (${PG_SKIP_MESSAGE})`, () => {
    it("needs PECAN_TEST_PG", () => undefined);
  });
} else {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const db = withSchema(url, schema);
  let a: Worker;
  let b: Worker;

  beforeAll(async () => {
    expect(cliBuilt(), "build first: npx tsc -p tsconfig.build.json").toBe(true);
    // The first starts alone, so the schema is created once; the second finds it.
    a = await startWorker(db);
    b = await startWorker(db);
  }, 60_000);
  afterAll(async () => {
    for (const worker of [a, b]) worker?.child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dropSchemas(url, [schema]);
  });

  describe("two serve workers on one PostgreSQL store", () => {
    it("answers through one what was uploaded through the other, at once; sees replacements and removals", async () => {
      expect(await upload(a, "lighthouse", "Lighthouse notes", withFact(1, "The lighthouse at Port Mara was built in 1874 by Elsa Brandt."))).toBe(201);
      const first = await ask(b, "When was the lighthouse at Port Mara built?");
      expect(first.status).toBe(200);
      expect(first.documents).toContain("lighthouse");
      expect(first.answer).toMatch(/1874/);
      // A new version through A replaces what B has cached.
      expect(await upload(a, "lighthouse", "Lighthouse notes", withFact(2, "The lighthouse at Port Mara was rebuilt in 1921 by Nils Ek."))).toBe(201);
      const second = await ask(b, "When was the lighthouse at Port Mara rebuilt?", ["lighthouse"]);
      expect(second.answer).toMatch(/1921/);
      expect(second.answer).not.toMatch(/1874/);
      // A removal through B is seen by A.
      const removed = await fetch(new URL("documents/lighthouse", b.base), { method: "DELETE" });
      expect(removed.status).toBe(200);
      const listed = (await (await fetch(new URL("documents", a.base))).json()) as { docId: string }[];
      expect(listed.map((d) => d.docId)).not.toContain("lighthouse");
      expect((await ask(a, "When was the lighthouse rebuilt?", ["lighthouse"])).status).toBe(404);
    }, 60_000);

    it("answers 100 concurrent questions through both workers while both ingest, with no failure", async () => {
      const facts = ["The orchard sold cider in 1952.", "The ferry carries forty cars.", "The mill ground rye until 1968."];
      for (const [i, fact] of facts.entries()) expect(await upload(i % 2 === 0 ? a : b, `base-${i}`, `Base ${i}`, withFact(10 + i, fact))).toBe(201);
      const ingests = Array.from({ length: 6 }, (_, i) =>
        upload(i % 2 === 0 ? b : a, i < 3 ? `base-${i}` : `extra-${i}`, `Doc ${i}`, withFact(20 + i, facts[i % 3] ?? "")),
      );
      const questions = ["When did the orchard sell cider?", "How many cars does the ferry carry?", "Until when did the mill grind rye?"];
      const asks = Array.from({ length: 100 }, (_, i) => ask(i % 2 === 0 ? a : b, questions[i % 3] ?? ""));
      const [ingested, answered] = await Promise.all([Promise.all(ingests), Promise.all(asks)]);
      expect(ingested.every((status) => status === 201 || status === 200)).toBe(true);
      expect(answered.filter((r) => r.status !== 200)).toEqual([]);
      expect(answered.every((r) => r.documents.length > 0)).toBe(true);
    }, 120_000);
  });
}
