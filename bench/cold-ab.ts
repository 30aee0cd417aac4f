/**
 * The cold-start check of two builds, interleaved, in CPU time: for each `bench:cold` question,
 * `pecan list` then `pecan ask` by build A and by build B in turn (the order alternating from
 * question to question), each a fresh process whose user plus system time is taken at its exit.
 * CPU time is what a loaded machine changes least; the wall times are printed too. Prints each
 * build's median gap of ask over list and the paired per-question saving of B against A.
 *
 *   node dist/bench/cold-ab.js --db dev.db --a base/dist/src/cli/main.js --b dist/src/cli/main.js [--db-b other.db] [--runs 100] [--only 40]
 *
 * `--db-b` gives B its own store of the same documents (a change of the store's layout, one build).
 * `--only i` asks the i-th question of the 100 alone, `--runs` times (one question's spread). Make the store
 * with `pecan ingest --jsonl` of every set's documents (docs/scaling.md).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { benchArgs } from "./args.js";
import { median } from "./stats.js";
import { listDatasets, loadDataset } from "../src/eval/dataset.js";

const values = benchArgs(import.meta.url, {
  db: { type: "string" },
  /** B's store, when it differs from A's (a change of the store's layout): the same documents. */
  "db-b": { type: "string" },
  a: { type: "string" },
  b: { type: "string" },
  runs: { type: "string", default: "100" },
  only: { type: "string" },
  data: { type: "string", default: "../shared/data" },
});

const dir = mkdtempSync(join(tmpdir(), "pecan-cold-ab-"));
const preload = join(dir, "cpu-at-exit.cjs");
const out = join(dir, "cpu.txt");
writeFileSync(
  preload,
  `process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeFileSync(${JSON.stringify(out)}, String((u.user + u.system) / 1000)); });\n`,
);

/** CPU and wall milliseconds of one fresh CLI process. */
function run(cli: string, args: readonly string[]): { cpu: number; wall: number } {
  const started = performance.now();
  execFileSync(process.execPath, ["--require", preload, cli, ...args], { stdio: ["ignore", "ignore", "inherit"] });
  const wall = performance.now() - started;
  return { cpu: Number(readFileSync(out, "utf8")), wall };
}

async function main(): Promise<void> {
  const db = values.db;
  if (db === undefined || !existsSync(db) || !values.a || !values.b) throw new Error("give --db (a store of the dev data), --a and --b (two builds' dist/src/cli/main.js)");
  const builds = { A: resolve(values.a), B: resolve(values.b) };
  const dataDir = resolve(values.data);
  const questions: string[] = [];
  for (const name of listDatasets(dataDir)) for (const q of (await loadDataset(dataDir, name)).questions) questions.push(q.question);
  const runs = Number(values.runs);
  // The same draw as bench/cold.ts; `--only` picks from the draw of 100.
  const draw = (n: number): string[] => questions.filter((_, i) => i % Math.max(1, Math.floor(questions.length / n)) === 0).slice(0, n);
  const only = values.only !== undefined ? draw(100)[Number(values.only)] : undefined;
  if (values.only !== undefined && only === undefined) throw new Error("--only must be below 100");
  const asked = only !== undefined ? Array.from({ length: runs }, () => only) : draw(runs);
  const gaps = { A: { cpu: [] as number[], wall: [] as number[] }, B: { cpu: [] as number[], wall: [] as number[] } };
  const dbs = { A: db, B: values["db-b"] ?? db };
  if (!existsSync(dbs.B)) throw new Error(`no store at ${dbs.B}`);
  run(builds.A, ["list", "--db", dbs.A]); // the page cache, for both
  run(builds.B, ["list", "--db", dbs.B]);
  asked.forEach((q, i) => {
    for (const name of i % 2 === 0 ? (["A", "B"] as const) : (["B", "A"] as const)) {
      const list = run(builds[name], ["list", "--db", dbs[name]]);
      const ask = run(builds[name], ["ask", q, "--db", dbs[name]]);
      gaps[name].cpu.push(ask.cpu - list.cpu);
      gaps[name].wall.push(ask.wall - list.wall);
    }
  });
  const saved = (what: "cpu" | "wall"): number[] => gaps.A[what].map((a, i) => a - (gaps.B[what][i] as number));
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  console.log(`${asked.length} questions; gap of ask over list, median: A ${ms(median(gaps.A.cpu))} CPU (${ms(median(gaps.A.wall))} wall), B ${ms(median(gaps.B.cpu))} CPU (${ms(median(gaps.B.wall))} wall)`);
  console.log(`B saves per question, median of pairs: ${ms(median(saved("cpu")))} CPU, ${ms(median(saved("wall")))} wall; mean ${ms(saved("cpu").reduce((s, x) => s + x, 0) / asked.length)} CPU`);
  rmSync(dir, { recursive: true, force: true });
}

await main();
