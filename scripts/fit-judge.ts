/**
 * Fits the model-free judge (src/control/calibrated-judge.ts) on the development data:
 *
 *   npm run fit:judge [-- --data ../shared/data --budget 2000]
 *
 * For every question with located evidence (or an answer that occurs in its document), a walk
 * reads up to the budget with a judge that only records: at each step, the judge's features
 * and whether the evidence is read by then (span recall >= 0.9, or the answer appears). A
 * logistic model (L2, Newton's method, each question weighing the same) is fitted on those
 * steps; document-grouped 5-fold cross-validation gives out-of-fold probabilities for the
 * calibration report (Brier score, reliability table) and for choosing the threshold: the
 * earliest stop whose recall reaches `RECALL_TARGET` (92%) of reading the whole budget, and one
 * threshold per token cap (500 to the budget): each walk cut at the cap, the earliest stop whose
 * recall reaches 92% of reading to that cap.
 * Writes src/control/judge-weights.ts and docs/judge-calibration.md.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createEngine, type Span } from "../src/index.js";
import { FEATURE_NAMES, judgeFeatures } from "../src/control/features.js";
import type { Judge, JudgeInput } from "../src/retrieval/walk.js";
import { listDatasets, loadDataset } from "../src/eval/dataset.js";
import { answerRecall, locatableAnswers, locateEvidence, readTextOf, spanRecall } from "../src/eval/metrics.js";
import { fitLogistic, predict, type Sample } from "./logistic.js";
import { pushAll } from "../src/core/arrays.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/data" },
    budget: { type: "string", default: "8000" },
    limit: { type: "string" },
    folds: { type: "string", default: "5" },
    out: { type: "string", default: "." },
  },
});
const dataDir = resolve(values.data);
const budget = Number(values.budget);
const folds = Number(values.folds);
const limit = values.limit ? Number(values.limit) : undefined;

interface Walked {
  set: string;
  docId: string;
  /** Per step: features, recall so far (0..1), tokens so far. */
  steps: { x: number[]; recall: number; tokens: number }[];
}

const SETS_WITH_TARGETS = ["cuad", "financebench", "hotpotqa", "musique", "nq_wiki", "qasper"];

async function walkSet(name: string): Promise<Walked[]> {
  const dataset = await loadDataset(dataDir, name, limit ? { limit } : {});
  const engine = createEngine({ dbPath: ":memory:" });
  await engine.ingestDocuments(dataset.documents.map((d) => ({ ...d, source: `${name}/documents.jsonl` })));
  const texts = new Map(dataset.documents.map((d) => [d.docId as string, d.text]));
  const out: Walked[] = [];
  for (const q of dataset.questions) {
    const text = texts.get(q.docId);
    if (!text) continue;
    const evidence: Span[] = q.evidence.flatMap((e) => locateEvidence(text, e) ?? []);
    const answers = evidence.length > 0 ? [] : locatableAnswers(q.answers, text);
    if (evidence.length === 0 && answers.length === 0) continue;
    const steps: Walked["steps"] = [];
    const recorder: Judge = {
      id: "recorder",
      judge(input: JudgeInput) {
        const spans = input.read.flatMap((r) => input.view[r.doc]!.units[r.unit]!.spans);
        const recall = evidence.length > 0 ? spanRecall(evidence, spans, text) : answerRecall(answers, readTextOf(text, spans)) ? 1 : 0;
        steps.push({ x: judgeFeatures(input), recall, tokens: input.tokensRead });
        return { sufficient: false, probability: 0 };
      },
    };
    await engine.ask(q.question, { docIds: [q.docId], budget, judge: recorder, patience: 1 });
    if (steps.length > 0) out.push({ set: name, docId: q.docId, steps });
  }
  await engine.close();
  process.stderr.write(`${name}: ${out.length} questions, ${out.reduce((n, w) => n + w.steps.length, 0)} steps\n`);
  return out;
}

function foldOf(docId: string): number {
  return createHash("sha256").update(docId).digest()[0]! % folds;
}

const LABEL = 0.9;
const samplesOf = (walks: readonly Walked[]): Sample[] =>
  walks.flatMap((w) => w.steps.map((s) => ({ x: s.x, y: s.recall >= LABEL ? 1 : 0, weight: 1 / w.steps.length })));

/** Stops at the first step within `cap` tokens with p >= threshold; returns recall and tokens at the stop. */
function stopAt(w: Walked, probs: readonly number[], threshold: number, cap = Number.POSITIVE_INFINITY): { recall: number; tokens: number; premature: boolean } {
  const last = lastWithin(w, cap);
  const i = probs.findIndex((p, j) => j <= last && p >= threshold);
  const at = i < 0 ? last : i;
  const s = w.steps[at]!;
  const final = w.steps[last]!;
  return { recall: s.recall, tokens: s.tokens, premature: s.recall < LABEL && final.recall >= LABEL };
}

/** The last step that ends within `cap` tokens (the first step when none does). */
function lastWithin(w: Walked, cap: number): number {
  let last = 0;
  w.steps.forEach((s, j) => {
    if (s.tokens <= cap) last = j;
  });
  return last;
}

const CAPS = [500, 1000, 2000, 4000, 8000];

/**
 * A threshold is the earliest stop whose out-of-fold recall reaches this share of reading to the
 * cap: two points above the 90% goal, as a margin for the final model fitted on every question.
 */
const RECALL_TARGET = 0.92;

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

async function main(): Promise<void> {
  const names = listDatasets(dataDir).filter((n) => SETS_WITH_TARGETS.includes(n));
  const walks: Walked[] = [];
  for (const name of names) pushAll(walks, (await walkSet(name)));

  // Out-of-fold probabilities, folds grouped by document.
  const oof = new Map<Walked, number[]>();
  for (let f = 0; f < folds; f++) {
    const model = fitLogistic(samplesOf(walks.filter((w) => foldOf(w.docId) !== f)));
    for (const w of walks.filter((w) => foldOf(w.docId) === f)) oof.set(w, w.steps.map((s) => predict(model, s.x)));
  }
  const pairs = walks.flatMap((w) => w.steps.map((s, i) => ({ p: oof.get(w)![i]!, y: s.recall >= LABEL ? 1 : 0, weight: 1 / w.steps.length })));
  const totalWeight = pairs.reduce((n, r) => n + r.weight, 0);
  const brier = pairs.reduce((n, r) => n + r.weight * (r.p - r.y) ** 2, 0) / totalWeight;
  const base = pairs.reduce((n, r) => n + r.weight * r.y, 0) / totalWeight;
  const brierBase = pairs.reduce((n, r) => n + r.weight * (base - r.y) ** 2, 0) / totalWeight;
  const bins = Array.from({ length: 10 }, (_, b) => {
    const inBin = pairs.filter((r) => Math.min(9, Math.floor(r.p * 10)) === b);
    const w = inBin.reduce((n, r) => n + r.weight, 0);
    return {
      bin: `${(b / 10).toFixed(1)}–${((b + 1) / 10).toFixed(1)}`,
      steps: inBin.length,
      predicted: w > 0 ? inBin.reduce((n, r) => n + r.weight * r.p, 0) / w : 0,
      observed: w > 0 ? inBin.reduce((n, r) => n + r.weight * r.y, 0) / w : 0,
    };
  });

  // Threshold: the earliest stop whose mean recall stays within 90% of reading the whole budget.
  const fullRecall = mean(walks.map((w) => w.steps[w.steps.length - 1]!.recall));
  const thresholds = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  const sweep = thresholds.map((t) => {
    const stops = walks.map((w) => stopAt(w, oof.get(w)!, t));
    return {
      threshold: t,
      recall: mean(stops.map((s) => s.recall)),
      tokens: mean(stops.map((s) => s.tokens)),
      premature: mean(stops.map((s) => (s.premature ? 1 : 0))),
    };
  });
  const chosen = sweep.find((s) => s.recall >= RECALL_TARGET * fullRecall) ?? sweep[sweep.length - 1]!;
  // Per cap: the walks cut at the cap, the earliest threshold within 90% of reading to the cap.
  const perCap = CAPS.filter((c) => c <= budget).map((cap) => {
    const fill = mean(walks.map((w) => w.steps[lastWithin(w, cap)]!.recall));
    const fillTokens = mean(walks.map((w) => w.steps[lastWithin(w, cap)]!.tokens));
    const rows = thresholds.map((t) => {
      const stops = walks.map((w) => stopAt(w, oof.get(w)!, t, cap));
      return { threshold: t, recall: mean(stops.map((s) => s.recall)), tokens: mean(stops.map((s) => s.tokens)) };
    });
    const pick = rows.find((r) => r.recall >= RECALL_TARGET * fill) ?? rows[rows.length - 1]!;
    // An oracle stop (each walk stops at the first step that has all it will read by the cap): the
    // fewest tokens any stopping rule over this walk order could read for the cap's recall.
    const oracle = mean(
      walks.map((w) => {
        const last = lastWithin(w, cap);
        const final = w.steps[last]!.recall;
        return w.steps[w.steps.findIndex((s, j) => j <= last && s.recall >= final)]!.tokens;
      }),
    );
    return { cap, fill, fillTokens, oracle, ...pick };
  });

  const model = fitLogistic(samplesOf(walks));
  const now = new Date().toISOString().slice(0, 10);
  const weightsFile = `/**
 * Judge weights fitted by scripts/fit-judge.ts (\`npm run fit:judge\`) on ${names.join(", ")} from
 * ../shared/data (dev part), walks of up to ${budget} tokens, ${walks.length} questions, ${pairs.length} steps, ${now}.
 * Calibration (document-grouped ${folds}-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ${JSON.stringify(FEATURE_NAMES)},
  weights: ${JSON.stringify(model.weights.map((w) => Number(w.toFixed(5))))},
  bias: ${Number(model.bias.toFixed(5))},
  threshold: ${Number(chosen.threshold.toFixed(2))},
  thresholds: ${JSON.stringify(perCap.map((c) => ({ budget: c.cap, threshold: c.threshold })))},
};
`;
  const outDir = resolve(values.out);
  writeFileSync(join(outDir, "src/control/judge-weights.ts"), weightsFile);
  const md = [
    "# Calibration of the model-free judge",
    "",
    `Made by \`npm run fit:judge\` (scripts/fit-judge.ts) on ${now}: ${walks.length} questions of ${names.join(", ")}`,
    `(dev data), walks of up to ${budget} tokens, ${pairs.length} judge calls. A step is labelled "answer read" when the`,
    "gold evidence is covered to 90% (span recall) or, for sets without evidence, a gold answer occurs in the text read.",
    `Probabilities below are out-of-fold (${folds} folds grouped by document), each question weighing the same.`,
    "",
    `- Brier score: **${brier.toFixed(4)}** (always predicting the base rate ${base.toFixed(3)}: ${brierBase.toFixed(4)})`,
    `- Threshold chosen (the earliest stop at ${Math.round(RECALL_TARGET * 100)}% of the recall of reading everything): **${chosen.threshold.toFixed(2)}**: mean recall at the stop ${chosen.recall.toFixed(3)} vs ${fullRecall.toFixed(3)} reading all ${budget} tokens, ${chosen.tokens.toFixed(0)} tokens read on average, premature stops ${(chosen.premature * 100).toFixed(1)}%`,
    "",
    "## Reliability (out of fold)",
    "",
    "| predicted | judge calls | mean predicted | observed |",
    "| --- | ---: | ---: | ---: |",
    ...bins.map((b) => `| ${b.bin} | ${b.steps} | ${b.predicted.toFixed(3)} | ${b.observed.toFixed(3)} |`),
    "",
    "## Stopping threshold (out of fold)",
    "",
    "| threshold | recall at stop | tokens at stop | premature stops |",
    "| ---: | ---: | ---: | ---: |",
    ...sweep.filter((s) => Math.round(s.threshold * 100) % 5 === 0).map((s) => `| ${s.threshold.toFixed(2)} | ${s.recall.toFixed(3)} | ${s.tokens.toFixed(0)} | ${(s.premature * 100).toFixed(1)}% |`),
    "",
    "## Thresholds per token cap (out of fold)",
    "",
    `Each walk cut at the cap; the threshold is the earliest stop whose mean recall reaches ${Math.round(RECALL_TARGET * 100)}% of`,
    "reading to the cap (the goal is 90%; two points are a margin for the final model, fitted on every",
    "question). The calibrated judge uses the entry of the walk's cap.",
    "",
    "The last column is an oracle stop's tokens (each walk stopping at the first step that holds all it",
    "reads by the cap) as a share of reading to the cap: no stopping rule over this walk order reads less",
    "for the cap's full recall.",
    "",
    "| cap | threshold | recall at stop | reading to the cap | share | tokens at stop | tokens to the cap | share | oracle share |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...perCap.map(
      (c) =>
        `| ${c.cap} | ${c.threshold.toFixed(2)} | ${c.recall.toFixed(3)} | ${c.fill.toFixed(3)} | ${((100 * c.recall) / Math.max(1e-9, c.fill)).toFixed(1)}% | ${c.tokens.toFixed(0)} | ${c.fillTokens.toFixed(0)} | ${((100 * c.tokens) / Math.max(1e-9, c.fillTokens)).toFixed(1)}% | ${((100 * c.oracle) / Math.max(1e-9, c.fillTokens)).toFixed(1)}% |`,
    ),
    "",
    "## Weights (fitted on all questions)",
    "",
    "| feature | weight |",
    "| --- | ---: |",
    ...FEATURE_NAMES.map((f, i) => `| ${f} | ${model.weights[i]!.toFixed(3)} |`),
    `| (bias) | ${model.bias.toFixed(3)} |`,
    "",
  ].join("\n");
  const mdPath = join(outDir, "docs/judge-calibration.md");
  mkdirSync(dirname(mdPath), { recursive: true });
  writeFileSync(mdPath, md);
  process.stderr.write(`Brier ${brier.toFixed(4)} (base ${brierBase.toFixed(4)}), threshold ${chosen.threshold}\n`);
}

await main();
