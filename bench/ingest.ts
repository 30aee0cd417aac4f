/**
 * Ingest benchmark: throughput (o200k tokens per second) and peak memory of the model-free
 * ingest on the largest documents of the evaluation data, into a fresh SQLite store in a temp
 * folder. Time is split into load (JSONL row parse + normalisation), leaves (sentences, ~300-token
 * leaves, token counts), graph build (LexRank IPs, alignment weights) and store write (one
 * atomic put), running the same parts the engine wires; a second pass through
 * `createEngine().ingestDocuments` checks the end-to-end figure. Reported, not asserted.
 *
 *   npm run build && node --expose-gc dist/bench/ingest.js [--largest N] [--data DIR] [--json]
 *
 * --data defaults to ../shared/data next to the package; without it the benchmark says so and stops.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { DocumentRecord, LoadedDocument } from "../src/core/types.js";
import { createEngine } from "../src/engine/create.js";
import { contentHash } from "../src/engine/ingest.js";
import { buildGraph, createSummarizer, createWeigher } from "../src/graph/index.js";
import { buildLeaves, countTokens, parseJsonlRow } from "../src/ingest/index.js";
import { openSqliteStore } from "../src/store/index.js";
import { maxOf } from "../src/core/arrays.js";
import { questionDataOf } from "../src/retrieval/units-codec.js";

interface Candidate {
  readonly set: string;
  readonly file: string;
  readonly line: number;
  readonly bytes: number;
  readonly json: string;
}

interface Row {
  readonly set: string;
  readonly docId: string;
  readonly tokens: number;
  readonly leaves: number;
  readonly nodes: number;
  readonly edges: number;
  readonly loadMs: number;
  readonly leavesMs: number;
  readonly graphMs: number;
  readonly storeMs: number;
  readonly totalMs: number;
  readonly tokensPerSecond: number;
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The package root: two folders up from dist/bench/ingest.js. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The `largest` longest rows over every set's documents.jsonl, streamed (only the winners are kept). */
async function largestRows(dataDir: string, largest: number): Promise<Candidate[]> {
  const sets = readdirSync(dataDir)
    .filter((name) => existsSync(join(dataDir, name, "documents.jsonl")))
    .sort();
  let best: Candidate[] = [];
  for (const set of sets) {
    const file = join(dataDir, set, "documents.jsonl");
    let line = 0;
    for await (const json of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      line++;
      const bytes = Buffer.byteLength(json);
      if (best.length < largest || bytes > (best[best.length - 1]?.bytes ?? 0)) {
        best = [...best, { set, file, line, bytes, json }].sort((a, b) => b.bytes - a.bytes).slice(0, largest);
      }
    }
  }
  return best;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

async function measure(candidates: readonly Candidate[], dbPath: string): Promise<{ rows: Row[]; docs: LoadedDocument[] }> {
  const store = openSqliteStore(dbPath);
  const summarizer = createSummarizer("lexrank");
  const weigher = createWeigher("alignment");
  const rows: Row[] = [];
  const docs: LoadedDocument[] = [];
  try {
    for (const c of candidates) {
      gc();
      const t0 = performance.now();
      const doc = parseJsonlRow(c.json, c.file, c.line);
      const t1 = performance.now();
      const leaves = buildLeaves(doc);
      const tokens = countTokens(doc.text);
      const t2 = performance.now();
      const built = await buildGraph(doc, leaves, { summarizer, weigher, countTokens });
      const t3 = performance.now();
      const record: DocumentRecord = { ...doc, hash: contentHash(doc.text), tokens, chars: doc.text.length, createdAt: new Date().toISOString() };
      await store.putDocument(record, built.graph, { questionData: questionDataOf(record, built.graph) });
      const t4 = performance.now();
      docs.push(doc);
      rows.push({
        set: c.set,
        docId: doc.docId,
        tokens,
        leaves: leaves.length,
        nodes: built.graph.nodes.length,
        edges: built.graph.edges.length,
        loadMs: t1 - t0,
        leavesMs: t2 - t1,
        graphMs: t3 - t2,
        storeMs: t4 - t3,
        totalMs: t4 - t0,
        tokensPerSecond: tokens / ((t4 - t0) / 1000),
      });
    }
    const problems = await store.integrityCheck();
    if (problems.length > 0) throw new Error(`the benchmark store is not sound: ${problems.join("; ")}`);
  } finally {
    await store.close();
  }
  return { rows, docs };
}

function printTable(rows: readonly Row[]): void {
  const header = ["set", "doc", "tokens", "leaves", "nodes", "edges", "load", "leaves", "graph", "store", "total ms", "tok/s"];
  const cells = rows.map((r) => [
    r.set,
    r.docId.length > 28 ? `${r.docId.slice(0, 27)}…` : r.docId,
    String(r.tokens),
    String(r.leaves),
    String(r.nodes),
    String(r.edges),
    r.loadMs.toFixed(0),
    r.leavesMs.toFixed(0),
    r.graphMs.toFixed(0),
    r.storeMs.toFixed(0),
    r.totalMs.toFixed(0),
    r.tokensPerSecond.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, maxOf(cells.map((row) => (row[i] ?? "").length))));
  const line = (row: readonly string[]) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  console.log(line(header));
  for (const row of cells) console.log(line(row));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const largest = Math.max(1, Number(flag(args, "--largest") ?? 5) || 5);
  const dataDir = resolve(flag(args, "--data") ?? join(ROOT, "..", "shared", "data"));
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    const message = `skipping the ingest benchmark: no data folder at ${dataDir} (give one with --data DIR)`;
    console.log(json ? JSON.stringify({ skipped: message }) : message);
    return;
  }
  const candidates = await largestRows(dataDir, largest);
  if (candidates.length === 0) {
    console.log(json ? JSON.stringify({ skipped: `no documents.jsonl under ${dataDir}` }) : `skipping: no documents.jsonl under ${dataDir}`);
    return;
  }
  gc();
  const rssBefore = process.memoryUsage().rss;
  const dir = mkdtempSync(join(tmpdir(), "pecan-bench-ingest-"));
  try {
    const { rows, docs } = await measure(candidates, join(dir, "phases.db"));
    const peakRss = process.resourceUsage().maxRSS * 1024;

    // End to end through the engine (loaded documents in, one atomic put each), in a second fresh store.
    gc();
    const engine = createEngine({ dbPath: join(dir, "engine.db") });
    const t0 = performance.now();
    const report = await engine.ingestDocuments(docs);
    const engineMs = performance.now() - t0;
    await engine.close();
    const peakRssAfterEngine = process.resourceUsage().maxRSS * 1024;

    const tokens = rows.reduce((n, r) => n + r.tokens, 0);
    const sum = (key: "loadMs" | "leavesMs" | "graphMs" | "storeMs" | "totalMs") => rows.reduce((n, r) => n + r[key], 0);
    const total = sum("totalMs");
    const result = {
      data: dataDir,
      documents: rows.length,
      tokens,
      phasesMs: { load: sum("loadMs"), leaves: sum("leavesMs"), graph: sum("graphMs"), store: sum("storeMs"), total },
      tokensPerSecond: tokens / (total / 1000),
      engine: { ms: engineMs, tokensPerSecond: tokens / (engineMs / 1000), nodes: report.documents.reduce((n, d) => n + d.nodes, 0) },
      memory: { rssBeforeMb: mb(rssBefore), peakRssMb: mb(peakRss), peakRssWithEngineMb: mb(peakRssAfterEngine) },
      node: process.version,
      rows,
    };
    if (json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    console.log(`Ingest benchmark: the ${rows.length} largest documents in ${dataDir} (model-free tier, fresh SQLite store)\n`);
    printTable(rows);
    const share = (ms: number) => `${ms.toFixed(0)} ms (${((ms / total) * 100).toFixed(0)}%)`;
    console.log(
      `\ntotal: ${tokens} tokens in ${total.toFixed(0)} ms = ${result.tokensPerSecond.toFixed(0)} tokens/s` +
        `\n  load ${share(result.phasesMs.load)}, leaves ${share(result.phasesMs.leaves)}, graph ${share(result.phasesMs.graph)}, store ${share(result.phasesMs.store)}` +
        `\nengine end to end (createEngine().ingestDocuments): ${engineMs.toFixed(0)} ms = ${result.engine.tokensPerSecond.toFixed(0)} tokens/s` +
        `\nmemory: RSS ${result.memory.rssBeforeMb} MB before, peak ${result.memory.peakRssMb} MB (${result.memory.peakRssWithEngineMb} MB with the engine pass); ${process.version}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
