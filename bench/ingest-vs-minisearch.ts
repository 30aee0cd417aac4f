/**
 * Model-free ingest of a whole collection against MiniSearch (the in-memory full-text index a
 * JavaScript user would reach for first) indexing the same text: issue 12's ingest goal. Each
 * side runs in a fresh child process on the same documents (every set of the data folder, each
 * document once): `pecan ingest --jsonl` into a fresh SQLite store (worker threads, one per
 * core, as the CLI runs by default), and MiniSearch's `addAll` of the same texts, split into
 * the same kind of passages (blank-line paragraphs), since a search index over whole 100-page
 * filings answers nothing useful. Wall time and CPU time, best of `--runs`; reported, not
 * asserted.
 *
 * What the two sides are: Pecan's figure is the whole `pecan ingest` process (start, reading
 * and parsing the JSONL, loading the tokenizer, writing the store to disk), with worker threads
 * on every core unless `--workers` says otherwise; MiniSearch's is its `addAll` in memory, on
 * one thread. Wall time depends on how busy the machine is (on a shared machine a second
 * worker thread may get no core of its own), so the CPU time of each side (every thread of
 * Pecan's process, `process.cpuUsage` at its exit) is reported too: the CPU ratio is what less
 * work per document moves.
 *
 *   npm run bench:ingest-vs-minisearch -- [--data ../shared/data] [--runs 1] [--workers N] [--json]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { benchArgs } from "./args.js";
import { fileURLToPath, pathToFileURL } from "node:url";
import MiniSearch from "minisearch";
import { z } from "zod";
import { minOf } from "../src/core/arrays.js";
import { listDatasets, loadDataset } from "../src/eval/dataset.js";

const values = benchArgs(import.meta.url, {
  data: { type: "string", default: "../shared/data" },
  runs: { type: "string", default: "1" },
  // PECAN_INGEST_WORKERS for Pecan's process (0: ingest in its main thread); default: one per core.
  workers: { type: "string" },
  json: { type: "boolean", default: false },
  // Internal: the MiniSearch side, run in its own process.
  "minisearch-child": { type: "string" },
});
const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const SELF = fileURLToPath(import.meta.url);

const JsonlRow = z.object({ doc_id: z.string(), text: z.string() });
const ChildOut = z.object({ ms: z.number(), cpuMs: z.number(), passages: z.number() });
const CpuOut = z.object({ cpuMs: z.number() });

/**
 * Loaded with `--import` into Pecan's process: at exit, the CPU time of all its threads
 * (`process.cpuUsage` is the whole process's) goes to the file named by PECAN_BENCH_CPU_FILE.
 */
const CPU_PRELOAD = `import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";
if (isMainThread) process.on("exit", () => {
  const u = process.cpuUsage();
  writeFileSync(process.env.PECAN_BENCH_CPU_FILE, JSON.stringify({ cpuMs: (u.user + u.system) / 1000 }));
});
`;

interface Row {
  readonly id: string;
  readonly text: string;
}

/** MiniSearch over the documents' paragraphs; prints the milliseconds `addAll` took. */
function miniSearchChild(file: string): void {
  const docs = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JsonlRow.parse(JSON.parse(line)));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const rows: Row[] = [];
  for (const d of docs) d.text.split(/\n\s*\n/).forEach((text, i) => rows.push({ id: `${d.doc_id}#${i}`, text }));
  const index = new MiniSearch<Row>({ fields: ["text"], storeFields: [] });
  index.addAll(rows);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, passages: rows.length, terms: index.termCount })}\n`);
}

async function main(): Promise<void> {
  const dataDir = resolve(values.data);
  const dir = mkdtempSync(join(tmpdir(), "pecan-vs-minisearch-"));
  try {
    const file = join(dir, "all.jsonl");
    const seen = new Set<string>();
    const lines: string[] = [];
    let chars = 0;
    for (const name of listDatasets(dataDir)) {
      for (const d of (await loadDataset(dataDir, name, { allDocuments: true })).documents) {
        if (seen.has(d.docId)) continue;
        seen.add(d.docId);
        chars += d.text.length;
        lines.push(JSON.stringify({ doc_id: d.docId, title: d.title, text: d.text }));
      }
    }
    writeFileSync(file, `${lines.join("\n")}\n`);
    const runs = Math.max(1, Number(values.runs));
    const pecan: number[] = [];
    const pecanCpu: number[] = [];
    const mini: number[] = [];
    const miniCpu: number[] = [];
    let passages = 0;
    let storeMb = 0;
    const preload = join(dir, "cpu.mjs");
    const cpuFile = join(dir, "cpu.json");
    writeFileSync(preload, CPU_PRELOAD);
    const env = { ...process.env, PECAN_BENCH_CPU_FILE: cpuFile, ...(values.workers === undefined ? {} : { PECAN_INGEST_WORKERS: values.workers }) };
    for (let r = 0; r < runs; r++) {
      const db = join(dir, `run${r}.db`);
      const started = performance.now();
      execFileSync(process.execPath, ["--import", pathToFileURL(preload).href, CLI, "ingest", "--jsonl", file, "--db", db], {
        stdio: ["ignore", "ignore", "inherit"],
        env,
      });
      pecan.push(performance.now() - started);
      pecanCpu.push(CpuOut.parse(JSON.parse(readFileSync(cpuFile, "utf8"))).cpuMs);
      storeMb = statSync(db).size / 2 ** 20;
      rmSync(db, { force: true });
      const out = ChildOut.parse(JSON.parse(execFileSync(process.execPath, [SELF, "--minisearch-child", file], { encoding: "utf8" })));
      mini.push(out.ms);
      miniCpu.push(out.cpuMs);
      passages = out.passages;
    }
    const pecanMs = minOf(pecan);
    const miniMs = minOf(mini);
    const pecanCpuMs = minOf(pecanCpu);
    const miniCpuMs = minOf(miniCpu);
    const report = {
      documents: lines.length,
      megabytes: Math.round((chars / 2 ** 20) * 10) / 10,
      cores: availableParallelism(),
      loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      pecanSeconds: Math.round(pecanMs / 100) / 10,
      storeMb: Math.round(storeMb),
      miniSearchSeconds: Math.round(miniMs / 100) / 10,
      miniSearchPassages: passages,
      ratio: Math.round((pecanMs / miniMs) * 10) / 10,
      workers: values.workers ?? "one per core",
      pecanCpuSeconds: Math.round(pecanCpuMs / 100) / 10,
      miniSearchCpuSeconds: Math.round(miniCpuMs / 100) / 10,
      cpuRatio: Math.round((pecanCpuMs / miniCpuMs) * 10) / 10,
    };
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(`${report.documents} documents, ${report.megabytes} MB of text, ${report.cores} cores (load average ${report.loadAverage})`);
      console.log(`pecan ingest --jsonl (workers: ${report.workers}): ${report.pecanSeconds} s, ${report.pecanCpuSeconds} s of CPU (store ${report.storeMb} MB)`);
      console.log(`MiniSearch addAll of ${report.miniSearchPassages} paragraphs: ${report.miniSearchSeconds} s, ${report.miniSearchCpuSeconds} s of CPU`);
      console.log(`ratio: ${report.ratio}x wall, ${report.cpuRatio}x CPU`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values["minisearch-child"] !== undefined) miniSearchChild(values["minisearch-child"]);
else await main();
