/**
 * Benchmark of model-free asking (reported, not asserted):
 *   1. `ask` latency (median, p95) on the largest single documents of the dev data;
 *   2. one collection of every document of every set: ingest time, memory, and `ask` latency
 *      without --doc (the coarse stage picks documents);
 *   3. the coarse stage against an exhaustive walk over the whole collection: the share of
 *      what the exhaustive walk reads that the coarse walk reads too.
 *
 *   npm run build && node dist/bench/ask.js [--data ../shared/data] [--largest 5] [--questions 200] [--budget 1000] [--repeat 10]
 *
 * Skips cleanly when the data folder is absent.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { benchArgs } from "./args.js";
import { createEngine, type AskResult, type Engine } from "../src/index.js";
import { listDatasets, loadDataset, type Dataset } from "../src/eval/dataset.js";

const values = benchArgs(import.meta.url, {
  data: { type: "string", default: "../shared/data" },
  largest: { type: "string", default: "5" },
  questions: { type: "string", default: "200" },
  budget: { type: "string", default: "1000" },
  repeat: { type: "string", default: "10" },
  json: { type: "boolean" },
});
const dataDir = resolve(values.data);
const budget = Number(values.budget);

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

async function timeAsks(engine: Engine, questions: readonly { question: string; docIds?: string[] }[], fill = false): Promise<{ ms: number[]; results: AskResult[] }> {
  const ms: number[] = [];
  const results: AskResult[] = [];
  for (const q of questions) {
    const started = performance.now();
    results.push(await engine.ask(q.question, { ...(q.docIds ? { docIds: q.docIds as never } : {}), budget, fill }));
    ms.push(performance.now() - started);
  }
  return { ms, results };
}

async function main(): Promise<void> {
  if (!existsSync(dataDir)) {
    console.log(`skipping: no data at ${dataDir}`);
    return;
  }
  const sets: Dataset[] = [];
  for (const name of listDatasets(dataDir)) sets.push(await loadDataset(dataDir, name, { allDocuments: true }));
  const report: Record<string, unknown> = {};

  // 1. Largest single documents.
  const docs = sets.flatMap((s) => s.documents.map((d) => ({ set: s, doc: d }))).sort((a, b) => b.doc.text.length - a.doc.text.length);
  const largest = docs.slice(0, Number(values.largest));
  const single = createEngine({ dbPath: ":memory:" });
  await single.ingestDocuments(largest.map(({ doc }) => ({ ...doc, source: "bench" })));
  const singleQuestions = largest.flatMap(({ set, doc }) =>
    set.questions.filter((q) => q.docId === doc.docId).map((q) => ({ question: q.question, docIds: [doc.docId as string] })),
  );
  // Warm each document's reading units once (built on first use, then cached), then time.
  await timeAsks(single, largest.map(({ doc }) => ({ question: "warm up", docIds: [doc.docId as string] })));
  // Few questions are about the largest documents: each is asked --repeat times (warm caches).
  const one = await timeAsks(single, Array.from({ length: Number(values.repeat) }, () => singleQuestions).flat());
  report.singleDocument = {
    documents: largest.map(({ doc }) => doc.docId),
    tokens: (await single.list()).map((d) => d.tokens),
    questions: singleQuestions.length,
    medianMs: Math.round(percentile(one.ms, 0.5) * 10) / 10,
    p95Ms: Math.round(percentile(one.ms, 0.95) * 10) / 10,
  };
  await single.close();

  // 2. The whole collection in one store.
  const all = sets.flatMap((s) => s.documents.map((d) => ({ ...d, source: s.name })));
  const collection = createEngine({ dbPath: ":memory:", unitsCacheSize: 4096 });
  const ingestStarted = performance.now();
  const ingest = await collection.ingestDocuments(all);
  const ingestMs = performance.now() - ingestStarted;
  const tokens = ingest.documents.reduce((n, d) => n + d.tokens, 0);
  const questions = sets
    .flatMap((s) => s.questions.map((q) => ({ question: q.question, gold: q.docId as string }))).filter((_, i, xs) => i % Math.max(1, Math.floor(xs.length / Number(values.questions))) === 0);
  await timeAsks(collection, questions.slice(0, 3));
  const coarse = await timeAsks(collection, questions, true);
  report.collection = {
    documents: ingest.documents.length,
    tokens,
    ingestSeconds: Math.round(ingestMs / 100) / 10,
    ingestTokensPerSecond: Math.round(tokens / (ingestMs / 1000)),
    questions: questions.length,
    medianMs: Math.round(percentile(coarse.ms, 0.5) * 10) / 10,
    p95Ms: Math.round(percentile(coarse.ms, 0.95) * 10) / 10,
    rssMb: mb(process.memoryUsage().rss),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };

  // 3. Coarse stage against an exhaustive walk over every document.
  const everyDoc = (await collection.list()).map((d) => d.docId as string);
  const exhaustive = await timeAsks(collection, questions.map((q) => ({ question: q.question, docIds: everyDoc })), true);
  const key = (c: AskResult["context"][number]): string => `${c.nodeId}@${c.spans.map((s) => `${s.start}-${s.end}`).join(",")}`;
  const overlaps = exhaustive.results.map((ex, i) => {
    const got = new Set(coarse.results[i]!.context.map(key));
    const wanted = ex.context.map(key);
    return wanted.length === 0 ? 1 : wanted.filter((k) => got.has(k)).length / wanted.length;
  });
  const docOverlap = exhaustive.results.map((ex, i) => {
    const opened = new Set(coarse.results[i]!.trace.documents);
    const needed = [...new Set(ex.context.map((c) => c.docId))];
    return needed.length === 0 ? 1 : needed.filter((d) => opened.has(d)).length / needed.length;
  });
  const goldOpened = coarse.results.map((r, i) => (r.trace.documents.includes(questions[i]!.gold as never) ? 1 : 0));
  const goldFirst = coarse.results.map((r, i) => (r.trace.documents[0] === questions[i]!.gold ? 1 : 0));
  const mean = (xs: number[]): number => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 1000) / 1000;
  report.coarseVsExhaustive = {
    budget,
    readOverlap: mean(overlaps),
    goldDocumentOpened: mean(goldOpened),
    goldDocumentFirst: mean(goldFirst),
    documentsCovered: mean(docOverlap),
    exhaustiveMedianMs: Math.round(percentile(exhaustive.ms, 0.5) * 10) / 10,
    coarseMedianMs: Math.round(percentile(coarse.ms, 0.5) * 10) / 10,
  };
  await collection.close();
  console.log(values.json ? JSON.stringify(report, null, 2) : report);
}

await main();
