/**
 * Scale benchmark (reported, not asserted): the dev collection (every document of every set of
 * --data) replicated --factors times under distinct ids, into SQLite and, when a PostgreSQL URL
 * is given (--pg or PECAN_TEST_PG), into PostgreSQL. Per store and size: store-write throughput
 * (o200k tokens per second), store size, question latency p50/p95 warm and cold, resident
 * memory of the asking process, and the exponent b of question cost ~ documents^b fitted over
 * the sizes (least squares on logs).
 *
 * The model-free pipeline (leaves, graph, question-time data) runs once per document, timed
 * (single-threaded tokens per second); replicas reuse its output under new ids, so the larger
 * stores measure the store, not the same graph built again. Each size adds replicas to the
 * previous store. Cold and warm figures come from fresh processes (`bench/scale-ask.ts`): a
 * cold question is a process's first; warm ones are asked a second time in that process.
 *
 *   npm run bench:scale -- [--data ../shared/data] [--factors 1,2,4] [--pg postgres://...]
 *                          [--questions 20] [--cold 8] [--from pecan.db] [--stores sqlite,postgres] [--json]
 *
 * --from takes the documents, graphs and question-time data from a store that already holds the
 * dev collection (e.g. `pecan ingest --jsonl` of every set) instead of building them: the run
 * then measures the stores only, and reports no pipeline figure.
 */
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { benchArgs } from "./args.js";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { asDocId, nodeIdOf, type NodeId } from "../src/core/ids.js";
import type { DocumentGraph, DocumentRecord } from "../src/core/types.js";
import { contentHash } from "../src/engine/ingest.js";
import { listDatasets, loadDataset } from "../src/eval/dataset.js";
import { buildGraph, createSummarizer, createWeigher } from "../src/graph/index.js";
import { buildLeaves, countTokens } from "../src/ingest/index.js";
import { questionDataOf } from "../src/retrieval/units-codec.js";
import { openPostgresStore, openSqliteStore } from "../src/store/index.js";

const values = benchArgs(import.meta.url, {
  data: { type: "string", default: "../shared/data" },
  factors: { type: "string", default: "1,2,4" },
  pg: { type: "string" },
  questions: { type: "string", default: "20" },
  cold: { type: "string", default: "8" },
  from: { type: "string" },
  stores: { type: "string", default: "sqlite,postgres" },
  json: { type: "boolean" },
});
const dataDir = resolve(values.data);
const factors = values.factors.split(",").map(Number).filter((f) => Number.isInteger(f) && f > 0).sort((a, b) => a - b);
const pgUrl = values.pg ?? process.env.PECAN_TEST_PG;
const CHILD = fileURLToPath(new URL("./scale-ask.js", import.meta.url));

interface Built {
  readonly doc: DocumentRecord;
  readonly graph: DocumentGraph;
  readonly data: Uint8Array;
}

interface Row {
  store: string;
  factor: number;
  documents: number;
  tokens: number;
  writeTokensPerSecond: number;
  storeMb: number;
  warmP50: number;
  warmP95: number;
  coldP50: number;
  coldP95: number;
  rssMb: number;
  /** Documents a warm question opened, on average (identical replicas tie in the coarse stage, so the view grows with the copies up to its cap). */
  openedMean: number;
  /** The machine's one-minute load average when the questions ended (latencies on a shared machine are only comparable at like loads). */
  load: number;
}

const Sample = z.object({ coldMs: z.number(), warmMs: z.array(z.number()), opened: z.array(z.number()).default([]), rssMb: z.number() });

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The same document and graph under the id `docId~k` (k = 0 keeps the original). */
function replica(built: Built, k: number): { doc: DocumentRecord; graph: DocumentGraph } {
  if (k === 0) return built;
  const docId = asDocId(`${built.doc.docId}~${k}`);
  const ids = new Map<NodeId, NodeId>();
  const nodes = built.graph.nodes.map((node) => {
    const nodeId = nodeIdOf(docId, node.level, node.ordinal);
    ids.set(node.nodeId, nodeId);
    return { ...node, nodeId, docId };
  });
  const edges = built.graph.edges.map((edge) => ({ ...edge, parent: ids.get(edge.parent) ?? edge.parent, child: ids.get(edge.child) ?? edge.child }));
  return { doc: { ...built.doc, docId }, graph: { nodes, edges } };
}

/** Fitted b of y ~ x^b (least squares on logs); NaN with fewer than two sizes. */
function exponent(points: readonly [number, number][]): number {
  if (points.length < 2) return Number.NaN;
  const xs = points.map(([x]) => Math.log(x));
  const ys = points.map(([, y]) => Math.log(Math.max(y, 1e-6)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] ?? 0) - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? Number.NaN : num / den;
}

/** `VACUUM (ANALYZE)` of every table of a PostgreSQL schema. */
async function vacuumAnalyze(schema: string): Promise<void> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const tables = await client.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = $1", [schema]);
    for (const { t } of tables.rows) await client.query(`VACUUM (ANALYZE) "${schema}"."${t}"`);
  } finally {
    await client.end();
  }
}

/**
 * Folds an SQLite store's write-ahead log into the file and truncates it, as closing the last
 * connection does. The writer's connection stays open across sizes, so without this the
 * questions read through a log of up to 128 MB (the autocheckpoint of 32,768 pages) and the
 * size counts it: a user's store, once the ingest has exited, has neither.
 */
function checkpointSqlite(path: string): void {
  const db = new Database(path);
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

async function storeMb(kind: string, path: string, schema: string): Promise<number> {
  if (kind === "sqlite") {
    const size = (p: string): number => (existsSync(p) ? statSync(p).size : 0);
    return (size(path) + size(`${path}-wal`)) / 2 ** 20;
  }
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const result = await client.query<{ bytes: string }>(
      `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    return Number(result.rows[0]?.bytes ?? 0) / 2 ** 20;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  if (!existsSync(dataDir)) {
    console.log(`skipping: no data at ${dataDir}`);
    return;
  }
  const docs: DocumentRecord[] = [];
  const questions: string[] = [];
  for (const name of listDatasets(dataDir)) {
    const set = await loadDataset(dataDir, name, { allDocuments: true });
    for (const d of set.documents) {
      const text = d.text;
      docs.push({ docId: d.docId, title: d.title, text, source: name, hash: contentHash(text), tokens: values.from !== undefined ? 0 : countTokens(text), chars: text.length, createdAt: new Date().toISOString(), ...(d.pageStarts ? { pageStarts: d.pageStarts } : {}) });
    }
    for (const q of set.questions) questions.push(q.question);
  }
  const step = Math.max(1, Math.floor(questions.length / Number(values.questions)));
  const asked = questions.filter((_, i) => i % step === 0).slice(0, Number(values.questions));
  const dir = mkdtempSync(join(tmpdir(), "pecan-scale-"));
  const questionsFile = join(dir, "questions.json");
  writeFileSync(questionsFile, JSON.stringify(asked));

  // The model-free pipeline, once per document (or what a store already holds).
  const built: Built[] = [];
  const pipelineStarted = performance.now();
  if (values.from !== undefined) {
    const source = openSqliteStore(values.from, { readonly: true });
    const byId = new Map(docs.map((d) => [d.docId as string, d]));
    docs.length = 0;
    for (const summary of await source.listDocuments()) {
      if (!byId.has(summary.docId)) continue;
      const doc = await source.getDocument(summary.docId);
      const [row] = await source.getQuestionData([summary.docId]);
      if (!doc || !row?.data) throw new Error(`${values.from}: ${summary.docId} has no question-time data`);
      docs.push(doc);
      built.push({ doc, graph: { nodes: row.nodes.toArray(), edges: await source.getEdges(summary.docId) }, data: row.data });
    }
    await source.close();
  } else {
    const summarizer = createSummarizer("lexrank");
    const weigher = createWeigher("alignment");
    for (const doc of docs) {
      const leaves = buildLeaves(doc);
      const graph = await buildGraph(doc, leaves, { summarizer, weigher, countTokens });
      built.push({ doc, graph: graph.graph, data: questionDataOf(doc, graph.graph) });
    }
  }
  const pipelineSeconds = values.from !== undefined ? Number.NaN : (performance.now() - pipelineStarted) / 1000;
  const tokens1 = docs.reduce((n, d) => n + d.tokens, 0);

  const rows: Row[] = [];
  const wanted = values.stores.split(",");
  const backends = [...(wanted.includes("sqlite") ? ["sqlite"] : []), ...(pgUrl && wanted.includes("postgres") ? ["postgres"] : [])];
  try {
    for (const kind of backends) {
      const schema = `bench_scale_${process.pid}`;
      const path = join(dir, "scale.db");
      const db = kind === "sqlite" ? path : `${pgUrl}${pgUrl?.includes("?") ? "&" : "?"}schema=${schema}`;
      const store = kind === "sqlite" ? openSqliteStore(path) : openPostgresStore(db);
      let written = 0;
      try {
        for (const factor of factors) {
          const started = performance.now();
          for (let k = written; k < factor; k++) {
            for (const b of built) {
              const { doc, graph } = replica(b, k);
              await store.putDocument(doc, graph, { questionData: b.data });
            }
          }
          const writeSeconds = (performance.now() - started) / 1000;
          // Questions are timed on a settled store: after a bulk load PostgreSQL's autovacuum
          // analyses and vacuums the new rows within seconds, and timing questions while it runs
          // measured it too (the 4-copy figures of docs/scaling.md before this step). A team
          // that bulk-loads runs the same (docs/scaling.md, "Running it for a team").
          if (kind === "postgres") await vacuumAnalyze(schema);
          else checkpointSqlite(path);
          const added = factor - written;
          written = factor;
          const samples = [];
          for (let i = 0; i < Number(values.cold); i++) {
            const out = execFileSync(process.execPath, [CHILD, "--db", db, "--questions", questionsFile, "--cold", String(i * 3), "--warm", "10"], { encoding: "utf8" });
            samples.push(Sample.parse(JSON.parse(out.trim().split("\n").pop() ?? "{}")));
          }
          const warm = samples.flatMap((s) => s.warmMs);
          const cold = samples.map((s) => s.coldMs);
          rows.push({
            store: kind,
            factor,
            documents: docs.length * factor,
            tokens: tokens1 * factor,
            writeTokensPerSecond: Math.round((tokens1 * added) / writeSeconds),
            storeMb: round(await storeMb(kind, path, schema)),
            warmP50: round(percentile(warm, 0.5)),
            warmP95: round(percentile(warm, 0.95)),
            coldP50: round(percentile(cold, 0.5)),
            coldP95: round(percentile(cold, 0.95)),
            rssMb: Math.round(percentile(samples.map((s) => s.rssMb), 0.5)),
            openedMean: round(mean(samples.flatMap((s) => s.opened))),
            load: round(loadavg()[0] ?? 0),
          });
          process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
        }
      } finally {
        if (kind === "postgres") {
          const pg = (await import("pg")).default;
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await client.end();
        }
        await store.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const fits = Object.fromEntries(
    backends.map((kind) => {
      const mine = rows.filter((r) => r.store === kind);
      return [kind, { warm: round(exponent(mine.map((r) => [r.documents, r.warmP50])), 2), cold: round(exponent(mine.map((r) => [r.documents, r.coldP50])), 2) }];
    }),
  );
  const report = { documents: docs.length, tokens: tokens1, pipelineTokensPerSecond: Math.round(tokens1 / pipelineSeconds), pipelineSeconds: round(pipelineSeconds), questions: asked.length, rows, fits };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const pipeline = values.from !== undefined ? `documents from ${values.from}` : `model-free pipeline ${report.pipelineTokensPerSecond} tokens/s (one thread, ${report.pipelineSeconds} s)`;
  console.log(`dev collection: ${docs.length} documents, ${tokens1} tokens; ${pipeline}`);
  console.log("| store | copies | documents | write tokens/s | size MB | warm p50 / p95 ms | cold p50 / p95 ms | RSS MB | documents opened | load |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    console.log(`| ${r.store} | ${r.factor} | ${r.documents} | ${r.writeTokensPerSecond} | ${r.storeMb} | ${r.warmP50} / ${r.warmP95} | ${r.coldP50} / ${r.coldP95} | ${r.rssMb} | ${r.openedMean} | ${r.load} |`);
  }
  for (const [kind, fit] of Object.entries(fits)) console.log(`${kind}: question cost ~ documents^${fit.warm} warm, ^${fit.cold} cold`);
}

await main();
