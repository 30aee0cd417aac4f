/**
 * The cold-start check of a command-line user: how much longer a fresh `pecan ask` takes than a
 * fresh `pecan list` on the same store. Both are run as child processes, alternately, so both
 * pay Node's start, the module loading and the store's open; the difference is what a question
 * costs a process that has decoded nothing yet. Questions are drawn evenly from the dev data.
 *
 *   npm run bench:cold -- --db dev.db [--runs 15] [--data ../shared/data] [--json]
 *
 * Make the store with `pecan ingest --jsonl` of every set's documents (docs/scaling.md).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { benchArgs } from "./args.js";
import { median } from "./stats.js";
import { fileURLToPath } from "node:url";
import { maxOf } from "../src/core/arrays.js";
import { listDatasets, loadDataset } from "../src/eval/dataset.js";

const values = benchArgs(import.meta.url, {
  db: { type: "string" },
  runs: { type: "string", default: "15" },
  data: { type: "string", default: "../shared/data" },
  json: { type: "boolean", default: false },
});
const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));

function timed(args: readonly string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "inherit"] });
  return performance.now() - started;
}

async function main(): Promise<void> {
  const db = values.db;
  if (db === undefined || !existsSync(db)) throw new Error("give --db, a store made from the dev data (see the header of bench/cold.ts)");
  const dataDir = resolve(values.data);
  const questions: string[] = [];
  for (const name of listDatasets(dataDir)) for (const q of (await loadDataset(dataDir, name)).questions) questions.push(q.question);
  const runs = Number(values.runs);
  const step = Math.max(1, Math.floor(questions.length / runs));
  const asked = questions.filter((_, i) => i % step === 0).slice(0, runs);
  const load = loadavg()[0] ?? 0;
  timed(["list", "--db", db]); // the page cache and the compile cache, for both
  const list: number[] = [];
  const ask: number[] = [];
  const gaps: number[] = [];
  for (const q of asked) {
    const l = timed(["list", "--db", db]);
    const a = timed(["ask", q, "--db", db]);
    list.push(l);
    ask.push(a);
    gaps.push(a - l);
  }
  const report = {
    runs: asked.length,
    listMedianMs: Math.round(median(list)),
    askMedianMs: Math.round(median(ask)),
    gapMedianMs: Math.round(median(gaps)),
    gapMaxMs: Math.round(maxOf(gaps)),
    loadAverage: Math.round(load * 100) / 100,
  };
  if (values.json) console.log(JSON.stringify(report));
  else {
    console.log(`pecan list: median ${report.listMedianMs} ms; pecan ask: median ${report.askMedianMs} ms (${report.runs} questions)`);
    console.log(`cold question over list: median ${report.gapMedianMs} ms, max ${report.gapMaxMs} ms (load average ${report.loadAverage} at start)`);
  }
}

await main();
