/** `pecan eval`: Pecan and the baselines on evaluation sets, side by side at the same budgets. */
import {
  createModelsFromConfig,
  defaultVectorsPath,
  findWordVectors,
  InputError,
  loadLlmConfig,
  loadWordVectors,
  UsageError,
  type ConfiguredModels,
  type EngineOptions,
} from "../../index.js";
import { runEval, SETTINGS, type EvalRun, type ProgressEvent, type Setting } from "../../eval/run.js";
import { DEFAULT_METHODS, METHOD_NAMES, type MethodDeps } from "../../eval/methods/index.js";
import { gitCommit, writeReport } from "../../eval/report.js";
import { boolFlag, intFlag, intList, JSON_FLAG, parseFlags, stringFlag, type Options } from "../args.js";
import { printJson, table } from "../output.js";
import { answersCommand } from "./eval-answers.js";
import { createProgress, type Progress } from "../progress.js";
import { createLogger, type Logger } from "../log.js";

/** Budgets used when no `--budget` is given. */
export const DEFAULT_EVAL_BUDGETS = [500, 1000, 2000];

export const EVAL_HELP = `pecan eval --data DIR --dataset NAME [options]

Runs Pecan and the baselines over evaluation sets (DIR/<set>/documents.jsonl and
questions.jsonl), each method over the same leaves and the same token counts, at several
budgets; scores what each read against the gold evidence (span recall) or gold answers
(answer recall); writes results.json, questions.jsonl, results.md and plots/<set>.svg to --out.
No model is needed.

Options:
  --data DIR          folder of evaluation sets (required)
  --dataset NAME      a set in DIR, repeatable or comma-separated; "all" for every set (required)
  --methods a,b,...   of ${METHOD_NAMES.join(", ")}
                      (default ${DEFAULT_METHODS.join(",")}; hybrid needs vectors and is skipped)
  --budget N          context-token budget, repeatable (default ${DEFAULT_EVAL_BUDGETS.join(", ")})
  --limit N           at most N questions per set, spread over its documents
  --setting S         per-document (each question reads its own document; default) or
                      collection (all documents of a set together, questions asked of all)
  --out DIR           where to write the results (default ./eval-results)
  --vectors           use the word vectors of \`pecan vectors build\`: runs hybrid, and Pecan
                      fuses vector similarity into relevance
  --llm SPEC          Pecan judges and answers with a chat model (openai:<model>,
                      ollama:<model>, gguf:<path>); adds EM/F1, ROUGE-L and multiple-choice
                      accuracy, and asks the questions retrieval cannot score
  --llm-index         also build the graphs with the chat model (slow); default: LexRank
  --config FILE       pecan.config.json with model settings
  --answers           answer metrics of the extractive reader instead (answer hit, token F1,
                      abstention on wrong-document questions, the best-BM25-sentence
                      baseline; short-answer questions); writes answers.md and answers.json
  --json              print the summaries as JSON instead of a table
`;

const OPTIONS: Options = {
  ...JSON_FLAG,
  data: { type: "string" },
  dataset: { type: "string", multiple: true },
  methods: { type: "string" },
  budget: { type: "string", multiple: true },
  limit: { type: "string" },
  setting: { type: "string" },
  out: { type: "string" },
  vectors: { type: "boolean" },
  llm: { type: "string" },
  "llm-index": { type: "boolean" },
  config: { type: "string" },
  answers: { type: "boolean" },
};

function listFlag(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** A progress bar per set, on a TTY only. */
function progressReporter(enabled: boolean): (event: ProgressEvent) => void {
  let bar: Progress | undefined;
  return (event) => {
    if (event.type === "start") {
      bar = createProgress({ enabled, title: `eval ${event.dataset}` });
      bar.total(event.total);
    } else if (event.type === "label") bar?.tick(0, event.label);
    else if (event.type === "tick") bar?.tick(1, event.label);
    else {
      bar?.done();
      bar = undefined;
    }
  };
}

function summaryTable(run: EvalRun): string {
  const rows: string[][] = [["dataset", "method", "budget", "tokens", "recall", "evidence read", "tte median"]];
  for (const d of run.datasets) {
    for (const s of d.summaries) {
      rows.push([
        d.name,
        s.method,
        s.budget === null ? "whole" : String(s.budget),
        String(Math.round(s.tokens)),
        (s.recall * 100).toFixed(1),
        (s.evidenceRead * 100).toFixed(1),
        s.tokensToEvidence === null ? "-" : String(Math.round(s.tokensToEvidence)),
      ]);
    }
  }
  return table(rows);
}

/** Word vectors and models from the flags; without them every method is model-free. */
async function methodDeps(parsed: ReturnType<typeof parseFlags>): Promise<{ deps: MethodDeps; models?: ConfiguredModels }> {
  let vectors: MethodDeps["vectors"];
  if (boolFlag(parsed, "vectors")) {
    const path = findWordVectors();
    if (!path) throw new InputError("E_FILE_UNREADABLE", `no word-vector cache at ${defaultVectorsPath()}; build it with \`pecan vectors build\``);
    vectors = loadWordVectors(path);
  }
  const llm = stringFlag(parsed, "llm");
  const configPath = stringFlag(parsed, "config");
  let models: ConfiguredModels | undefined;
  const engine: { -readonly [K in keyof EngineOptions]?: EngineOptions[K] } = {};
  if (llm !== undefined || configPath !== undefined) {
    const config = await loadLlmConfig({ flags: llm ? { llm } : {}, env: process.env, ...(configPath ? { configPath } : {}) });
    models = await createModelsFromConfig(config);
    if (models.chat) engine.chat = models.chat;
    engine.limits = config.limits;
    engine.llmJudge = config.judge;
    if (!boolFlag(parsed, "llm-index")) {
      engine.summarizer = "lexrank";
      engine.weigher = "alignment";
    }
  }
  if (vectors) engine.vectors = vectors;
  return { deps: { pecan: { engine }, ...(vectors ? { vectors } : {}) }, ...(models ? { models } : {}) };
}

export async function evalCommand(argv: readonly string[], log: Logger = createLogger()): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS, false);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(EVAL_HELP);
    return 0;
  }
  const data = stringFlag(parsed, "data");
  if (data === undefined) throw new UsageError("give --data DIR, the folder of evaluation sets");
  const datasetValues = parsed.values.dataset;
  const datasets = listFlag(Array.isArray(datasetValues) ? datasetValues.filter((v): v is string => typeof v === "string") : typeof datasetValues === "string" ? [datasetValues] : []);
  if (datasets.length === 0) throw new UsageError("give --dataset NAME (or all)");
  if (boolFlag(parsed, "answers")) {
    const limitFlag = stringFlag(parsed, "limit");
    return answersCommand({ data, datasets, out: stringFlag(parsed, "out") ?? "eval-results", json: boolFlag(parsed, "json"), argv, ...(limitFlag ? { limit: intFlag(parsed, "limit", 1) } : {}) });
  }
  const methodsFlag = stringFlag(parsed, "methods");
  const methods = methodsFlag === undefined ? [...DEFAULT_METHODS] : listFlag([methodsFlag]);
  const budgets = intList(parsed, "budget");
  const setting = (stringFlag(parsed, "setting") ?? "per-document") as Setting;
  if (!SETTINGS.includes(setting)) throw new UsageError(`--setting must be one of ${SETTINGS.join(", ")}`);
  const limitRaw = stringFlag(parsed, "limit");
  const limit = limitRaw === undefined ? undefined : intFlag(parsed, "limit", 1);
  const out = stringFlag(parsed, "out") ?? "eval-results";
  const json = boolFlag(parsed, "json");

  const { deps, models } = await methodDeps(parsed);
  let run: EvalRun;
  try {
    run = await runEval({
      dataDir: data,
      datasets,
      methods: methodsFlag === undefined && deps.vectors ? [...methods, "hybrid"] : methods,
      budgets: budgets.length > 0 ? budgets : DEFAULT_EVAL_BUDGETS,
      ...(limit !== undefined ? { limit } : {}),
      setting,
      deps,
      onProgress: progressReporter(!json && log.enabled("info")),
    });
  } finally {
    await models?.close();
  }
  const meta = { command: ["pecan", "eval", ...argv].join(" "), commit: gitCommit(process.cwd()), date: new Date().toISOString() };
  const files = writeReport(run, out, meta);
  if (json) {
    printJson({ meta, ...run, datasets: run.datasets.map(({ records: _records, ...d }) => d), files });
  } else {
    for (const s of run.skippedMethods) log.info(`note: ${s.reason}`);
    process.stdout.write(`${summaryTable(run)}\n\nwrote ${files.join(", ")}\n`);
  }
  return 0;
}
