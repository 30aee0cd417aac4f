/** `pecan ingest`: load documents, build their graphs, store them atomically. */
import { ingestJson, UsageError, type IngestReport } from "../../index.js";
import { boolFlag, DB_FLAG, JSON_FLAG, parseFlags, stringFlag, type Options } from "../args.js";
import { printJson, table } from "../output.js";
import { createProgress } from "../progress.js";
import { openEngine, LLM_FLAGS } from "../open-engine.js";

export const INGEST_HELP = `pecan ingest <file|dir>... | --jsonl FILE [options]

Loads documents (.txt, .md, .html, .pdf; directories recursively), splits them into ~300-token
leaves, builds each document's hierarchy of information points, and stores everything in one
SQLite file. Each document is written all-or-nothing; re-ingesting identical content is a no-op.

Options:
  --jsonl FILE       one {"doc_id","title","text"} per line (the evaluation data's format)
  --db PATH          store file (default: $PECAN_DB or ./pecan.db)
  --force            rebuild documents even when their content is unchanged
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
  estimate: { type: "boolean" },
  "max-bytes": { type: "string" },
};

export async function ingestCommand(argv: readonly string[]): Promise<number> {
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
  const engine = await openEngine(parsed, {
    load: maxBytes === undefined ? {} : { maxBytes },
    ...(boolFlag(parsed, "estimate") ? { dbPath: ":memory:" } : {}),
  });
  try {
    if (boolFlag(parsed, "estimate")) {
      const estimate = await engine.estimateIngest(jsonl ? { jsonl } : { paths: parsed.positionals });
      if (json) printJson(estimate);
      else process.stdout.write(`${estimate.summary}\n`);
      return 0;
    }
    const progress = createProgress({ enabled: !json, title: "ingest", unit: "tokens" });
    const onProgress = (event: { docId: string; phase: string; tokens: number }): void => {
      if (event.phase === "done") progress.tick(event.tokens, event.docId);
    };
    const onSkip = (path: string, reason: string): void => {
      if (!json) process.stderr.write(`skipped ${path}: ${reason}\n`);
    };
    const force = boolFlag(parsed, "force");
    let report: IngestReport;
    try {
      report = jsonl
        ? await engine.ingestJsonl(jsonl, { force, onProgress })
        : await engine.ingestPaths(parsed.positionals, { force, onProgress, onSkip });
    } finally {
      progress.done();
    }
    if (json) {
      printJson({ ...(ingestJson(report) as object), ...(report.skippedPaths.length > 0 ? { skippedPaths: report.skippedPaths } : {}) });
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
    return 0;
  } finally {
    await engine.close();
  }
}
