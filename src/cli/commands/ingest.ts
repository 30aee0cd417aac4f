/** `pecan ingest`: load documents, build their graphs, store them atomically. */
import { existsSync, rmSync } from "node:fs";
import { countFallbacks, fallbackWarning, ingestJson, UsageError, type Engine, type IngestReport } from "../../index.js";
import { boolFlag, DB_FLAG, dbPath, JSON_FLAG, parseFlags, stringFlag, type Options } from "../args.js";
import { printJson, table } from "../output.js";
import { createProgress } from "../progress.js";
import { openEngine, LLM_FLAGS } from "../open-engine.js";
import { createLogger, type Logger } from "../log.js";

export const INGEST_HELP = `pecan ingest <file|dir>... | --jsonl FILE [options]

Loads documents (.txt, .md, .html, .pdf; directories recursively), splits them into ~300-token
leaves, builds each document's hierarchy of information points, and stores everything in one
SQLite file. Each document is written all-or-nothing; re-ingesting identical content is a no-op.

Options:
  --jsonl FILE       one {"doc_id","title","text"} per line (the evaluation data's format)
  --db PATH          store file (default: $PECAN_DB or ./pecan.db)
  --force            rebuild documents even when their content is unchanged
  --follow-links     follow symbolic links that lead out of a directory given (default: skip them)
  --max-bytes N      refuse inputs larger than N bytes (default 67108864)
  --llm SPEC         build information points with a chat model (openai:<model>, ollama:<model>, gguf:<path>)
  --estimate         with --llm: print the calls and tokens the build would take, and stop
  --json             machine-readable output
`;

const OPTIONS: Options = {
  ...DB_FLAG,
  ...JSON_FLAG,
  ...LLM_FLAGS,
  jsonl: { type: "string" },
  force: { type: "boolean" },
  "follow-links": { type: "boolean" },
  estimate: { type: "boolean" },
  "max-bytes": { type: "string" },
};

/** Warnings about the documents just built: information points the model left to the extractive fallback. */
async function buildWarnings(engine: Engine, report: IngestReport): Promise<string[]> {
  const warnings: string[] = [];
  for (const d of report.documents) {
    if (d.skipped) continue;
    const warning = fallbackWarning(d.docId, countFallbacks(await engine.store.getNodes(d.docId)));
    if (warning !== undefined) warnings.push(warning);
  }
  return warnings;
}

export async function ingestCommand(argv: readonly string[], log: Logger = createLogger()): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(INGEST_HELP);
    return 0;
  }
  const json = boolFlag(parsed, "json");
  const jsonl = stringFlag(parsed, "jsonl");
  if (!jsonl && parsed.positionals.length === 0) throw new UsageError("give files or directories to ingest, or --jsonl FILE");
  if (jsonl && parsed.positionals.length > 0) throw new UsageError("give either paths or --jsonl, not both");
  const maxBytesRaw = stringFlag(parsed, "max-bytes");
  const maxBytes = maxBytesRaw === undefined ? undefined : Number(maxBytesRaw);
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 1)) {
    throw new UsageError(`--max-bytes must be a positive integer, got "${maxBytesRaw}"`);
  }
  // An estimate stores nothing, so it opens no store file.
  const estimateOnly = boolFlag(parsed, "estimate");
  const target = dbPath(parsed);
  const newStoreFile = !estimateOnly && target !== ":memory:" && !target.includes("://") && !existsSync(target);
  const engine = await openEngine(
    parsed,
    {
      load: { ...(maxBytes === undefined ? {} : { maxBytes }), followLinks: boolFlag(parsed, "follow-links") },
      ...(estimateOnly ? { dbPath: ":memory:" } : {}),
    },
    log,
  );
  let stored = true;
  try {
    if (boolFlag(parsed, "estimate")) {
      const estimate = await engine.estimateIngest(jsonl ? { jsonl } : { paths: parsed.positionals });
      if (json) printJson(estimate);
      else process.stdout.write(`${estimate.summary}\n`);
      return 0;
    }
    const progress = createProgress({ enabled: !json && log.enabled("info"), title: "ingest", unit: "tokens" });
    const onProgress = (event: { docId: string; phase: string; tokens: number }): void => {
      if (event.phase === "done") progress.tick(event.tokens, event.docId);
    };
    const onSkip = (path: string, reason: string): void => {
      if (!json) log.info(`skipped ${path}: ${reason}`);
    };
    const force = boolFlag(parsed, "force");
    // Ctrl-C stops gently: the documents already started are committed (a multi-document ingest
    // commits runs of them together), the rest are left for a rerun. A second Ctrl-C quits at once.
    const stop = new AbortController();
    const onInterrupt = (): void => {
      if (stop.signal.aborted) process.exit(130);
      stop.abort();
      log.warn("stopping: committing the documents already started (Ctrl-C again to quit now, losing them)");
    };
    process.on("SIGINT", onInterrupt);
    let report: IngestReport;
    try {
      report = jsonl
        ? await engine.ingestJsonl(jsonl, { force, onProgress, stop: stop.signal })
        : await engine.ingestPaths(parsed.positionals, { force, onProgress, onSkip, stop: stop.signal });
    } catch (error) {
      stored = (await engine.count()) > 0;
      throw error;
    } finally {
      process.off("SIGINT", onInterrupt);
      progress.done();
    }
    const warnings = await buildWarnings(engine, report);
    for (const warning of warnings) log.warn(warning);
    log.debug(`ingest: ${report.documents.length} document(s), ${report.cost.llmCalls} LLM calls, ${Math.round(report.cost.ms)} ms`);
    if (json) {
      printJson({
        ...ingestJson(report),
        ...(report.skippedPaths.length > 0 ? { skippedPaths: report.skippedPaths } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
      });
    } else {
      const rows = report.documents.map((d) => [
        d.docId,
        String(d.tokens),
        String(d.nodes),
        String(d.edges),
        d.skipped ? `skipped (${d.skipped})` : `${Math.round(d.ms)} ms`,
      ]);
      process.stdout.write(`${table([["doc", "tokens", "nodes", "edges", ""], ...rows])}\n`);
      const c = report.cost;
      const llm = c.llmCalls > 0 ? `, ${c.llmCalls} LLM calls, ${c.llmTokensIn} tokens in, ${c.llmTokensOut} out` : "";
      process.stdout.write(`${report.documents.length} document(s) in ${Math.round(c.ms)} ms${llm}\n`);
    }
    if (report.stopped) {
      log.warn(`stopped after ${report.documents.length} document(s); run the same command again to ingest the rest (stored documents are skipped as unchanged)`);
      return 130;
    }
    return 0;
  } finally {
    await engine.close();
    // A failed first ingest (a missing file, an empty one) leaves no empty store file behind.
    if (newStoreFile && !stored) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${target}${suffix}`, { force: true });
  }
}
