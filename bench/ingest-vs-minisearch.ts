/**
 * Model-free ingest of a whole collection against MiniSearch (the in-memory full-text index a
 * JavaScript user would reach for first) indexing the same text: issue 12's ingest goal. Each
 * side runs in a fresh child process on the same documents (every set of the data folder, each
 * document once): `pecan ingest --jsonl` into a fresh SQLite store (worker threads, one per
 * core, as the CLI runs by default), and MiniSearch's `addAll` of the same texts, split into
 * the same kind of passages (blank-line paragraphs), since a search index over whole 100-page
 * filings answers nothing useful. Wall time, best of `--runs`; reported, not asserted.
 *
 *   npm run bench:ingest-vs-minisearch -- [--data ../shared/data] [--runs 1] [--json]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import { z } from "zod";
import { minOf } from "../src/core/arrays.js";
import { listDatasets, loadDataset } from "../src/eval/dataset.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/data" },
    runs: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    // Internal: the MiniSearch side, run in its own process.
    "minisearch-child": { type: "string" },
  },
});
const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const SELF = fileURLToPath(import.meta.url);

const JsonlRow = z.object({ doc_id: z.string(), text: z.string() });
const ChildOut = z.object({ ms: z.number(), passages: z.number() });

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
  const rows: Row[] = [];
  for (const d of docs) d.text.split(/\n\s*\n/).forEach((text, i) => rows.push({ id: `${d.doc_id}#${i}`, text }));
  const index = new MiniSearch<Row>({ fields: ["text"], storeFields: [] });
  index.addAll(rows);
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, passages: rows.length, terms: index.termCount })}\n`);
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
    const mini: number[] = [];
    let passages = 0;
    let storeMb = 0;
    for (let r = 0; r < runs; r++) {
      const db = join(dir, `run${r}.db`);
      const started = performance.now();
      execFileSync(process.execPath, [CLI, "ingest", "--jsonl", file, "--db", db], { stdio: ["ignore", "ignore", "inherit"] });
      pecan.push(performance.now() - started);
      storeMb = statSync(db).size / 2 ** 20;
      rmSync(db, { force: true });
      const out = ChildOut.parse(JSON.parse(execFileSync(process.execPath, [SELF, "--minisearch-child", file], { encoding: "utf8" })));
      mini.push(out.ms);
      passages = out.passages;
    }
    const pecanMs = minOf(pecan);
    const miniMs = minOf(mini);
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
    };
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(`${report.documents} documents, ${report.megabytes} MB of text, ${report.cores} cores (load average ${report.loadAverage})`);
      console.log(`pecan ingest --jsonl: ${report.pecanSeconds} s (store ${report.storeMb} MB)`);
      console.log(`MiniSearch addAll of ${report.miniSearchPassages} paragraphs: ${report.miniSearchSeconds} s`);
      console.log(`ratio: ${report.ratio}x`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values["minisearch-child"] !== undefined) miniSearchChild(values["minisearch-child"]);
else await main();
