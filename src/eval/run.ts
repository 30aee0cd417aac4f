/**
 * The evaluation runner (PECAN.md §5): for each set, locate every question's gold target,
 * prepare the chosen methods over the same corpus (the same leaves and token counts), read
 * each scorable question with every method at every budget, score the readings and summarise
 * them. Two settings: `per-document` (each question reads only its own document; only the
 * documents asked about are loaded) and `collection` (all documents of the set in one corpus,
 * questions asked of the whole of it). Deterministic apart from milliseconds.
 */
import { UsageError, type DocId } from "../index.js";
import { listDatasets, loadDataset, type Dataset, type EvalDocument, type EvalQuestion } from "./dataset.js";
import { createCorpus, resolveMethods, type Method, type MethodKind, type PreparedMethod } from "./methods/index.js";
import type { MethodDeps } from "./methods/index.js";
import { questionTarget, scoreReading, type QuestionTarget } from "./score.js";
import { summarize, type MethodSummary, type RunRecord } from "./summary.js";
import { createFidelityTally, type FidelityRow } from "./fidelity.js";
import type { Reading } from "./methods/method.js";
import { charsRead, cutToChars, EQUAL_CHARS_HEADROOM, EQUAL_CHARS_METHOD, EQUAL_CHARS_PAIR } from "./equal-chars.js";

export type Setting = "per-document" | "collection";
export const SETTINGS: readonly Setting[] = ["per-document", "collection"];

export interface RunOptions {
  readonly dataDir: string;
  /** Set names, or `["all"]` for every set in `dataDir`. */
  readonly datasets: readonly string[];
  readonly methods: readonly string[];
  readonly budgets: readonly number[];
  /** At most this many questions per set, spread over its documents. */
  readonly limit?: number;
  readonly setting: Setting;
  /** Models and vectors the methods may use (none: everything model-free). */
  readonly deps?: MethodDeps;
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** Progress: `start` with the units of a set, `tick` per question and method, `label` while preparing. */
export type ProgressEvent =
  | { readonly type: "start"; readonly dataset: string; readonly total: number }
  | { readonly type: "label"; readonly dataset: string; readonly label: string }
  | { readonly type: "tick"; readonly dataset: string; readonly label: string }
  | { readonly type: "end"; readonly dataset: string };

/** One question's target and its scored readings. */
export interface QuestionRecord {
  readonly id: string;
  readonly docId: DocId;
  readonly target: QuestionTarget["kind"];
  readonly evidenceStrings: number;
  readonly evidenceLocated: number;
  readonly locatedBy: QuestionTarget["locatedBy"];
  readonly answers: number;
  readonly runs: readonly RunRecord[];
}

export interface DatasetRun {
  readonly name: string;
  readonly setting: Setting;
  /** Documents prepared (per document: those with a scorable question). */
  readonly documents: number;
  readonly totalDocuments: number;
  readonly questions: number;
  readonly totalQuestions: number;
  /** Questions with answer options (multiple choice): their answers are rarely spans of the text. */
  readonly multipleChoice: number;
  /** Questions by target: span recall, answer recall only, or not scorable. */
  readonly scored: { readonly evidence: number; readonly answer: number; readonly none: number };
  /** Evidence strings in all, and those that could not be located. */
  readonly evidenceStrings: number;
  readonly evidenceUnlocated: number;
  /** Questions with evidence of which only part could be located. */
  readonly evidencePartial: number;
  readonly locatedBy: Readonly<Record<"exact" | "loose" | "pieces", number>>;
  /** Tokens of the documents the questions ask about (mean per scored question). */
  readonly meanDocumentTokens: number;
  /** Milliseconds each method took to prepare (index, tree, ingest). */
  readonly prepareMs: Readonly<Record<string, number>>;
  readonly summaries: readonly MethodSummary[];
  readonly records: readonly QuestionRecord[];
  /** Collection setting with `pecan-exhaustive` run: the coarse stage's overlap with it (fidelity.ts). */
  readonly fidelity?: readonly FidelityRow[];
}

export interface EvalRun {
  readonly setting: Setting;
  readonly budgets: readonly number[];
  readonly limit: number | null;
  readonly methods: readonly { readonly name: string; readonly kind: MethodKind; readonly description: string }[];
  readonly skippedMethods: readonly { readonly name: string; readonly reason: string }[];
  readonly datasets: readonly DatasetRun[];
  readonly ms: number;
}

function checkOptions(options: RunOptions): void {
  if (options.budgets.length === 0) throw new UsageError("give at least one budget");
  for (const b of options.budgets) if (!Number.isInteger(b) || b < 1) throw new UsageError(`a budget must be a positive integer, got ${b}`);
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw new UsageError("limit must be a positive integer");
  }
  if (!SETTINGS.includes(options.setting)) throw new UsageError(`setting must be one of ${SETTINGS.join(", ")}`);
}

/** The set names a run covers: `all` expands to every set of the data folder. */
export function datasetNames(dataDir: string, names: readonly string[]): string[] {
  const available = listDatasets(dataDir);
  if (names.length === 0) throw new UsageError("give a dataset name, or all");
  if (names.includes("all")) return available;
  for (const n of names) {
    if (!available.includes(n)) throw new UsageError(`no dataset "${n}" in ${dataDir}; found: ${available.join(", ") || "none"}`);
  }
  return [...new Set(names)];
}

/** Runs every chosen set. */
export async function runEval(options: RunOptions): Promise<EvalRun> {
  checkOptions(options);
  const started = performance.now();
  const names = datasetNames(options.dataDir, options.datasets);
  const { methods, skipped } = resolveMethods(options.methods, options.deps);
  if (methods.length === 0) throw new UsageError("none of the chosen methods can run");
  const budgets = [...new Set(options.budgets)].sort((a, b) => a - b);
  const datasets: DatasetRun[] = [];
  for (const name of names) {
    const set = await loadDataset(options.dataDir, name, {
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      allDocuments: options.setting === "collection",
    });
    datasets.push(await runDataset(set, methods, budgets, options.setting, options.onProgress));
  }
  return {
    setting: options.setting,
    budgets,
    limit: options.limit ?? null,
    methods: methods.map((m) => ({ name: m.name, kind: m.kind, description: m.description })),
    skippedMethods: skipped,
    datasets,
    ms: Math.round(performance.now() - started),
  };
}

/** Runs the methods over one loaded set. */
export async function runDataset(
  set: Dataset,
  methods: readonly Method[],
  budgets: readonly number[],
  setting: Setting,
  onProgress?: (event: ProgressEvent) => void,
): Promise<DatasetRun> {
  const byId = new Map(set.documents.map((d) => [d.docId, d]));
  const targets = new Map<EvalQuestion, QuestionTarget>();
  for (const q of set.questions) targets.set(q, questionTarget(q, byId.get(q.docId) as EvalDocument));
  // A question is asked when retrieval can score it, or when some method answers with a model
  // and the question has gold answers or options to score the answer against.
  const answering = methods.some((m) => m.answers === true);
  const hasGold = (q: EvalQuestion) => q.answers.length > 0 || (q.options !== undefined && q.goldOption !== undefined);
  const asks = (q: EvalQuestion) => targets.get(q)?.kind !== "none" || (answering && hasGold(q));
  const asked = set.questions.filter(asks);
  // Per document, only documents with an asked question are prepared; a collection keeps them all.
  const needed = new Set(asked.map((q) => q.docId));
  const corpus = createCorpus(setting === "collection" ? set.documents : set.documents.filter((d) => needed.has(d.docId)));
  try {
    onProgress?.({ type: "start", dataset: set.name, total: asked.length * methods.length });

    const prepared: PreparedMethod[] = [];
    const prepareMs: Record<string, number> = {};
    for (const method of methods) {
      const t0 = performance.now();
      prepared.push(await method.prepare(corpus, (label) => onProgress?.({ type: "label", dataset: set.name, label })));
      prepareMs[method.name] = Math.round(performance.now() - t0);
    }

    const records: QuestionRecord[] = [];
    const fidelity = createFidelityTally();
    for (const q of set.questions) {
      const target = targets.get(q) as QuestionTarget;
      const runs: RunRecord[] = [];
      if (asks(q)) {
        const doc = corpus.document(q.docId);
        const scope = setting === "per-document" ? [q.docId] : undefined;
        const byMethod = new Map<string, readonly Reading[]>();
        for (const [k, method] of methods.entries()) {
          if (target.kind === "none" && method.answers !== true) continue;
          const whole = method.kind === "whole";
          const asked = whole ? budgets.slice(0, 1) : budgets;
          const readings = await (prepared[k] as PreparedMethod).read(q, scope, asked);
          byMethod.set(method.name, readings);
          readings.forEach((reading, i) => {
            runs.push({ method: method.name, budget: whole ? null : (asked[i] as number), ...scoreReading(reading, target, doc, method.answers === true ? q : undefined) });
          });
          onProgress?.({ type: "tick", dataset: set.name, label: `${method.name} ${q.id}` });
        }
        const pecanIndex = methods.findIndex((m) => m.name === EQUAL_CHARS_PAIR.pecan);
        const bm25Index = methods.findIndex((m) => m.name === EQUAL_CHARS_PAIR.bm25);
        const pecanReadings = byMethod.get(EQUAL_CHARS_PAIR.pecan);
        if (pecanReadings !== undefined && pecanIndex >= 0 && bm25Index >= 0 && target.kind !== "none") {
          const wide = await (prepared[bm25Index] as PreparedMethod).read(q, scope, budgets.map((b) => EQUAL_CHARS_HEADROOM * b));
          wide.forEach((reading, i) => {
            const cut = cutToChars(reading, charsRead(pecanReadings[i] as Reading));
            runs.push({ method: EQUAL_CHARS_METHOD, budget: budgets[i] as number, ...scoreReading(cut, target, doc) });
          });
        }
        if (setting === "collection") fidelity.add(byMethod, budgets);
      }
      records.push({
        id: q.id,
        docId: q.docId,
        target: target.kind,
        evidenceStrings: target.evidenceStrings,
        evidenceLocated: target.evidenceLocated,
        locatedBy: target.locatedBy,
        answers: target.answers.length,
        runs,
      });
    }
    for (const p of prepared) p.close?.();
    onProgress?.({ type: "end", dataset: set.name });

    const kinds = new Map(methods.map((m) => [m.name, m.kind] as const));
    const all = [...targets.values()];
    const scoredQuestions = set.questions.filter((q) => targets.get(q)?.kind !== "none");
    return {
      name: set.name,
      setting,
      documents: corpus.documents.length,
      totalDocuments: set.totalDocuments,
      questions: set.questions.length,
      totalQuestions: set.totalQuestions,
      multipleChoice: set.questions.filter((q) => q.options !== undefined && q.options.length > 0).length,
      scored: {
        evidence: all.filter((t) => t.kind === "evidence").length,
        answer: all.filter((t) => t.kind === "answer").length,
        none: all.filter((t) => t.kind === "none").length,
      },
      evidenceStrings: all.reduce((n, t) => n + t.evidenceStrings, 0),
      evidenceUnlocated: all.reduce((n, t) => n + t.evidenceStrings - t.evidenceLocated, 0),
      evidencePartial: all.filter((t) => t.evidenceLocated > 0 && t.evidenceLocated < t.evidenceStrings).length,
      locatedBy: {
        exact: all.reduce((n, t) => n + t.locatedBy.exact, 0),
        loose: all.reduce((n, t) => n + t.locatedBy.loose, 0),
        pieces: all.reduce((n, t) => n + t.locatedBy.pieces, 0),
      },
      meanDocumentTokens:
        scoredQuestions.length === 0 ? 0 : Math.round(scoredQuestions.reduce((n, q) => n + corpus.tokens(q.docId), 0) / scoredQuestions.length),
      prepareMs,
      summaries: summarize(
        records.flatMap((r) => r.runs),
        kinds,
      ),
      records,
      ...(fidelity.rows().length > 0 ? { fidelity: fidelity.rows() } : {}),
    };
  } finally {
    corpus.dispose();
  }
}
