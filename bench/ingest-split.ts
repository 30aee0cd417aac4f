/**
 * Model-free ingest split into its two halves, in one thread: every document of the data
 * folder (each once) is built (`buildDocument`: leaves, graph, question-time data), then every
 * built document is committed into a fresh SQLite store (`commitDocument`), and the CPU time of
 * each half is reported (`process.cpuUsage`, so less sensitive to a busy machine than wall
 * time). A profile of a few documents undercounts the commit, whose postings land in a B-tree
 * that grows with the collection; this measures both at the collection's size. Keeps every
 * built document in memory (about 2 GB for the dev collection). Reported, not asserted.
 *
 *   npm run build && node --max-old-space-size=8000 dist/bench/ingest-split.js [--data ../shared/data] [--limit N] [--json]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { benchArgs } from "./args.js";
import type { LoadedDocument } from "../src/core/types.js";
import { buildDocument, commitDocument, type BuildParts, type BuiltDocument } from "../src/engine/ingest.js";
import { listDatasets, loadDataset } from "../src/eval/dataset.js";
import { createSummarizer, createWeigher } from "../src/graph/index.js";
import { openSqliteStore } from "../src/store/index.js";

const values = benchArgs(import.meta.url, {
  data: { type: "string", default: "../shared/data" },
  limit: { type: "string" },
  json: { type: "boolean", default: false },
});

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1e4) / 100;
};

async function main(): Promise<void> {
  const dataDir = resolve(values.data);
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  const docs: LoadedDocument[] = [];
  const seen = new Set<string>();
  for (const name of listDatasets(dataDir)) {
    for (const d of (await loadDataset(dataDir, name, { allDocuments: true })).documents) {
      if (seen.has(d.docId) || docs.length >= limit) continue;
      seen.add(d.docId);
      docs.push({ docId: d.docId, title: d.title, source: `${name}/${d.docId}`, text: d.text, ...(d.pageStarts ? { pageStarts: d.pageStarts } : {}) });
    }
  }
  const parts: BuildParts = { summarizer: createSummarizer("lexrank"), weigher: createWeigher("alignment"), chunk: {}, levels: {} };
  const built: BuiltDocument[] = [];
  const buildStarted = process.cpuUsage();
  for (const doc of docs) built.push(await buildDocument(parts, doc));
  const buildCpu = cpuSeconds(buildStarted);
  const dir = mkdtempSync(join(tmpdir(), "pecan-ingest-split-"));
  try {
    const store = openSqliteStore(join(dir, "split.db"));
    const commitStarted = process.cpuUsage();
    for (const b of built) await commitDocument(store, b);
    await store.close();
    const commitCpu = cpuSeconds(commitStarted);
    const report = {
      documents: docs.length,
      nodes: built.reduce((n, b) => n + b.graph.nodes.length, 0),
      edges: built.reduce((n, b) => n + b.graph.edges.length, 0),
      buildCpuSeconds: buildCpu,
      commitCpuSeconds: commitCpu,
    };
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(`${report.documents} documents, ${report.nodes} nodes, ${report.edges} edges`);
      console.log(`build: ${report.buildCpuSeconds} s of CPU; commit: ${report.commitCpuSeconds} s of CPU`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
