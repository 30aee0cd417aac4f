/**
 * The readings of a build, to diff two builds: about 60 dev questions drawn evenly from every
 * set, each asked three ways by a fresh `pecan ask --json` (of the collection, of its own
 * document with `--doc`, and of the collection under a 4,000-token cap), one line per answer
 * with its milliseconds removed. A change that should only make the engine faster must leave
 * the two files identical.
 *
 *   node dist/bench/readings.js --db dev.db [--cli other/dist/src/cli/main.js] [--per-set 8] > readings.jsonl
 *   diff readings-before.jsonl readings-after.jsonl
 *
 * `--cli` picks the build that answers (default: this build's). Make the store with `pecan ingest
 * --jsonl` of every set's documents (docs/scaling.md).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { benchArgs } from "./args.js";
import { fileURLToPath } from "node:url";
import { listDatasets, loadDataset } from "../src/eval/dataset.js";

const values = benchArgs(import.meta.url, {
  db: { type: "string" },
  cli: { type: "string" },
  "per-set": { type: "string", default: "8" },
  data: { type: "string", default: "../shared/data" },
});
const CLI = values.cli ? resolve(values.cli) : fileURLToPath(new URL("../src/cli/main.js", import.meta.url));

/** `ask --json` with the cost's milliseconds taken out (the only field that varies run to run). */
function reading(args: readonly string[]): string {
  const out = execFileSync(process.execPath, [CLI, "ask", ...args, "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 28 });
  const result = JSON.parse(out) as { cost?: { ms?: number } };
  if (result.cost) delete result.cost.ms;
  return JSON.stringify(result);
}

async function main(): Promise<void> {
  const db = values.db;
  if (db === undefined || !existsSync(db)) throw new Error("give --db, a store made from the dev data (see the header of bench/readings.ts)");
  const dataDir = resolve(values.data);
  const perSet = Number(values["per-set"]);
  for (const name of listDatasets(dataDir)) {
    const questions = (await loadDataset(dataDir, name)).questions;
    const step = Math.max(1, Math.floor(questions.length / perSet));
    const asked = questions.filter((_, i) => i % step === 0).slice(0, perSet);
    for (const q of asked) {
      const head = { set: name, id: q.id };
      console.log(JSON.stringify({ ...head, mode: "collection" }), reading([q.question, "--db", db]));
      console.log(JSON.stringify({ ...head, mode: "doc" }), reading([q.question, "--db", db, "--doc", q.docId]));
      console.log(JSON.stringify({ ...head, mode: "budget4000" }), reading([q.question, "--db", db, "--budget", "4000"]));
    }
  }
}

await main();
