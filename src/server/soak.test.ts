/**
 * Soak: pathological uploads (3 MB of `<`, a 1 MB run without whitespace, CJK without
 * punctuation) to a real server with ingest workers, while 100 questions run and `/health` is
 * polled. No question may fail, and `/health` must stay fast: the event loop is never handed a
 * document's CPU work.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileText } from "../../bench/hostile-text.js";
import { createEngine, type Engine } from "../index.js";
import { cliBuilt } from "../testing/cli-runner.js";
import { handbookText } from "../testing/server-fixtures.js";
import { startServer, type RunningServer } from "./start.js";

const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;

describe.runIf(cliBuilt())("the server under pathological uploads", () => {
  let dir = "";
  let engine: Engine;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pecan-soak-"));
    engine = createEngine({ dbPath: join(dir, "soak.db"), ingestWorkers: 2 });
    await engine.ingestDocuments([{ docId: "handbook" as never, title: "Handbook", text: handbookText(), source: "test" }]);
    server = await startServer({ engine, port: 0, log: () => {} });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers every question and /health quickly while it ingests them", async () => {
    const uploads: [string, string][] = [
      ["brackets.html", hostileText("angle-brackets", 3_000_000)],
      ["run.txt", hostileText("no-whitespace", 1_000_000)],
      ["cjk.txt", hostileText("cjk-run", 300_000)],
    ];
    let ingesting = true;
    const health: number[] = [];
    const poll = (async () => {
      while (ingesting) {
        const t = performance.now();
        const res = await fetch(`${server.url}health`);
        await res.arrayBuffer();
        health.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const ingest = Promise.all(
      uploads.map(async ([name, text]) => {
        const form = new FormData();
        form.append("file", new Blob([text]), name);
        return (await fetch(`${server.url}documents`, { method: "POST", body: form })).status;
      }),
    );
    let failed = 0;
    const questions = ["Who approves travel?", "How many vacation days are there?", "What is the policy on remote work?", "When is payroll?"];
    const ask = async (i: number): Promise<void> => {
      const res = await fetch(`${server.url}ask`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question: questions[i % questions.length], docIds: ["handbook"], budget: 300 }),
      });
      if (res.status !== 200) failed++;
      await res.arrayBuffer();
    };
    for (let i = 0; i < 100; i += 5) await Promise.all([0, 1, 2, 3, 4].map((k) => ask(i + k)));
    const statuses = await ingest;
    ingesting = false;
    await poll;
    const p99 = percentile(health, 0.99);
    console.log(`soak: ${health.length} /health probes, p50 ${percentile(health, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms; uploads ${statuses.join(", ")}`); // eslint-disable-line no-restricted-syntax
    expect(failed).toBe(0);
    expect(statuses).toEqual([201, 201, 201]);
    expect((await engine.list())).toHaveLength(4);
    // Alone, p99 is about 75 ms; beside the rest of the suite on two busy cores it reached 480 ms.
    // Building on the event loop instead (ingestWorkers 0) stalls it for seconds and drops requests.
    expect(p99).toBeLessThan(1000);
  }, 300_000);
});
