/**
 * Fits the abstention model (src/answer/abstain.ts) on the development data:
 *
 *   npm run fit:abstain [-- --data ../shared/data --limit N]
 *
 * Every short-answer question of nq_wiki, hotpotqa, musique and qasper is asked (default
 * settings, model-free) of its own document (a positive), of another document of its set and
 * of a document of another set (negatives); qasper's unanswerable questions asked of their own
 * paper are negatives too. A logistic model (L2, Newton's method) is fitted on the reader's
 * support features; document-grouped 5-fold cross-validation gives out-of-fold probabilities
 * for the reliability table, the AUROC and the threshold: the highest one at which at most 10%
 * of own-document questions abstain. Writes src/answer/abstain-weights.ts and
 * docs/answer-calibration.md; the records go to --records (default: none).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { execSync } from "node:child_process";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runAnswers, type AnswerRecord } from "../src/eval/answers.js";
import { auroc } from "../src/eval/answer-summary.js";
import { confidenceVector, CONFIDENCE_FEATURES, featureVector, FEATURE_NAMES } from "../src/answer/abstain.js";
import { fitLogistic, predict, type Sample } from "./logistic.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/data" },
    limit: { type: "string" },
    folds: { type: "string", default: "5" },
    out: { type: "string", default: "." },
    records: { type: "string" },
    /** Fits on the records a previous run wrote with --records, instead of asking the questions again. */
    "from-records": { type: "string" },
    "max-own-abstain": { type: "string", default: "0.08" },
  },
});
const folds = Number(values.folds);
const maxOwnAbstain = Number(values["max-own-abstain"]);
const SETS = ["nq_wiki", "hotpotqa", "musique", "qasper"];

const records: AnswerRecord[] = values["from-records"] ? (JSON.parse(readFileSync(values["from-records"], "utf8")) as AnswerRecord[]) : await runAnswers({
  dataDir: resolve(values.data),
  datasets: SETS,
  otherSet: true,
  ...(values.limit ? { limit: Number(values.limit) } : {}),
  onProgress: (set, done, total) => {
    if (done % 20 === 0) process.stderr.write(`${set} ${done}/${total}\n`);
  },
});
if (values.records && !values["from-records"]) writeFileSync(values.records, JSON.stringify(records));

const label = (r: AnswerRecord): number => (r.asked === "own" ? 1 : 0);
function foldOf(docId: string): number {
  return createHash("sha256").update(docId).digest()[0]! % folds;
}
/** Positives and negatives weigh the same in all. */
const positives = records.filter((r) => label(r) === 1).length;
const negatives = records.length - positives;
const samplesOf = (rs: readonly AnswerRecord[]): Sample[] =>
  rs.map((r) => ({ x: featureVector(r.features), y: label(r), weight: label(r) === 1 ? 1 / positives : 1 / negatives }));

const oof = new Map<AnswerRecord, number>();
for (let f = 0; f < folds; f++) {
  const model = fitLogistic(samplesOf(records.filter((r) => foldOf(r.docId) !== f)));
  for (const r of records.filter((r) => foldOf(r.docId) === f)) oof.set(r, predict(model, featureVector(r.features)));
}
const model = fitLogistic(samplesOf(records));
const p = (r: AnswerRecord): number => oof.get(r) ?? 0;
const own = records.filter((r) => r.asked === "own");
const wrong = records.filter((r) => r.asked === "other-document");
const entityWrong = wrong.filter((r) => r.set !== "qasper");
const allNeg = records.filter((r) => label(r) === 0);

// Threshold: the highest at which at most `maxOwnAbstain` of own-document questions abstain.
const ownScores = own.map(p).sort((a, b) => a - b);
const k = Math.floor(maxOwnAbstain * ownScores.length);
const threshold = Math.round((ownScores[k] ?? 0.5) * 1000 - 0.5) / 1000;
const rate = (rs: readonly AnswerRecord[], t: number): number => (rs.length > 0 ? rs.filter((r) => p(r) < t).length / rs.length : 0);

const bins = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];
const reliability = bins.slice(0, -1).map((lo, i) => {
  const hi = bins[i + 1]!;
  const inBin = records.filter((r) => p(r) >= lo && p(r) < hi);
  const mean = inBin.length > 0 ? inBin.reduce((n, r) => n + p(r), 0) / inBin.length : 0;
  const observed = inBin.length > 0 ? inBin.filter((r) => label(r) === 1).length / inBin.length : 0;
  return `| ${lo.toFixed(1)}–${Math.min(1, hi).toFixed(1)} | ${inBin.length} | ${mean.toFixed(3)} | ${observed.toFixed(3)} |`;
});
// The confidence: the probability that the answer shown is right. Fitted on own-document questions (right: the answer
// the reader chose names a gold answer) and the same questions asked of another document of their set (never right),
// each question weighing one, so the probability is calibrated on that mix.
const mixed = records.filter((r) => r.asked === "own" || r.asked === "other-document");
const right = (r: AnswerRecord): number => (r.asked === "own" && r.chosenHit === true ? 1 : 0);
const rightSamples = (rs: readonly AnswerRecord[]): Sample[] => rs.map((r) => ({ x: confidenceVector(r.features), y: right(r), weight: 1 }));
const oofRight = new Map<AnswerRecord, number>();
for (let f = 0; f < folds; f++) {
  const m = fitLogistic(rightSamples(mixed.filter((r) => foldOf(r.docId) !== f)));
  for (const r of mixed.filter((r) => foldOf(r.docId) === f)) oofRight.set(r, predict(m, confidenceVector(r.features)));
}
const rightModel = fitLogistic(rightSamples(mixed));
const q = (r: AnswerRecord): number => oofRight.get(r) ?? 0;
const calibration = (rs: readonly AnswerRecord[], prob: (r: AnswerRecord) => number): string[] =>
  bins.slice(0, -1).map((lo, i) => {
    const hi = bins[i + 1]!;
    const inBin = rs.filter((r) => prob(r) >= lo && prob(r) < hi);
    const mean = inBin.length > 0 ? inBin.reduce((n, r) => n + prob(r), 0) / inBin.length : 0;
    const observed = inBin.length > 0 ? inBin.filter((r) => right(r) === 1).length / inBin.length : 0;
    return `| ${lo.toFixed(1)}–${Math.min(1, hi).toFixed(1)} | ${inBin.length} | ${inBin.length > 0 ? mean.toFixed(3) : "–"} | ${inBin.length > 0 ? observed.toFixed(3) : "–"} |`;
  });
const brier = (rs: readonly AnswerRecord[], prob: (r: AnswerRecord) => number): number => rs.reduce((n, r) => n + (prob(r) - right(r)) ** 2, 0) / Math.max(1, rs.length);
/** Expected calibration error over the ten bins. */
const ece = (rs: readonly AnswerRecord[], prob: (r: AnswerRecord) => number): number =>
  bins.slice(0, -1).reduce((n, lo, i) => {
    const inBin = rs.filter((r) => prob(r) >= lo && prob(r) < bins[i + 1]!);
    if (inBin.length === 0) return n;
    const mean = inBin.reduce((a, r) => a + prob(r), 0) / inBin.length;
    const observed = inBin.filter((r) => right(r) === 1).length / inBin.length;
    return n + (inBin.length / rs.length) * Math.abs(mean - observed);
  }, 0);
const ownRight = own.filter((r) => right(r) === 1);
const ownWrongAnswer = own.filter((r) => right(r) === 0);
// The confidence model's own threshold, chosen as the support model's is (for comparison: `found` stays the support model's).
const ownRightScores = own.map(q).sort((a, b) => a - b);
const rightThreshold = Math.round((ownRightScores[k] ?? 0.5) * 1000 - 0.5) / 1000;
const rateRight = (rs: readonly AnswerRecord[], t: number): number => (rs.length > 0 ? rs.filter((r) => q(r) < t).length / rs.length : 0);

const commit = (() => {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const weights = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, round(model.weights[i] ?? 0)]));

writeFileSync(
  join(values.out, "src/answer/abstain-weights.ts"),
  `/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit ${commit}.
 * Calibration (document-grouped ${folds}-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: ${round(model.bias)},
  weights: { ${Object.entries(weights).map(([k, v]) => `${k}: ${v}`).join(", ")} },
  threshold: ${threshold},
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: ${round(rightModel.bias)},
  weights: { ${CONFIDENCE_FEATURES.map((name, i) => `${name}: ${round(rightModel.weights[i] ?? 0)}`).join(", ")} },
};
`,
);

const md = [
  "# Answer calibration: when Pecan says an answer is not there, and how sure it is",
  "",
  `Made by \`npm run fit:abstain\` (scripts/fit-abstain.ts) at commit ${commit}, model-free, default settings.`,
  "",
  "Each short-answer question of nq_wiki, hotpotqa, musique and qasper (a gold answer of at most eight words that occurs in",
  "its document) is asked of its own document (positive), of another document of its set and of a document of another set",
  "(negatives); qasper's unanswerable questions asked of their own paper are negatives too. The extractive reader's support",
  `features (${FEATURE_NAMES.join(", ")}; defined in src/answer/abstain.ts) feed a logistic model, positives and negatives`,
  `weighing the same. Probabilities below are out-of-fold (${folds} folds grouped by the question's document).`,
  "",
  `Questions: ${own.length} own-document, ${wrong.length} other-document, ${records.filter((r) => r.asked === "other-set").length} other-set, ${records.filter((r) => r.asked === "unanswerable").length} unanswerable.`,
  "",
  "## Separation (out of fold)",
  "",
  "| negatives | AUROC against own-document questions |",
  "| --- | ---: |",
  `| another document of the set | ${auroc(own.map(p), wrong.map(p)).toFixed(3)} |`,
  `| a document of another set | ${auroc(own.map(p), records.filter((r) => r.asked === "other-set").map(p)).toFixed(3)} |`,
  `| qasper unanswerable | ${auroc(own.filter((r) => r.set === "qasper").map(p), records.filter((r) => r.asked === "unanswerable").map(p)).toFixed(3)} (qasper positives only) |`,
  `| all negatives | ${auroc(own.map(p), allNeg.map(p)).toFixed(3)} |`,
  "",
  "## Reliability (out of fold, all questions)",
  "",
  "| predicted | questions | mean predicted | share own-document |",
  "| --- | ---: | ---: | ---: |",
  ...reliability,
  "",
  "The base rate here is set by the design (one positive to about two negatives), so the probability is the chance that the",
  "documents asked hold the answer *among questions mixed like these*; it ranks well, its level depends on the mix.",
  "",
  "## Threshold",
  "",
  `\`found\` is \`confidence >= ${threshold}\`: the highest threshold at which at most ${Math.round(maxOwnAbstain * 100)}% of own-document questions`,
  "abstain out of fold (a margin under the issue's limit of 10%, for documents not seen here), so that as many wrong-document",
  "questions as possible abstain within it. Out of fold at that threshold:",
  "",
  "| questions | abstained |",
  "| --- | ---: |",
  `| own document | ${rate(own, threshold).toFixed(3)} |`,
  `| another document of the set (nq_wiki, hotpotqa, musique: entity-specific) | ${rate(entityWrong, threshold).toFixed(3)} |`,
  `| another document of the set (all four) | ${rate(wrong, threshold).toFixed(3)} |`,
  `| a document of another set | ${rate(records.filter((r) => r.asked === "other-set"), threshold).toFixed(3)} |`,
  `| qasper unanswerable | ${rate(records.filter((r) => r.asked === "unanswerable"), threshold).toFixed(3)} |`,
  "",
  "## Confidence: the probability that the answer shown is right",
  "",
  "`confidence` is a second logistic model, fitted on answer correctness: own-document questions whose chosen answer",
  "(before abstaining) names a gold answer are positives; the other own-document questions and the same questions asked",
  "of another document of their set are negatives, each question weighing one. Its features are the support features",
  `and three of the answer itself (${CONFIDENCE_FEATURES.slice(FEATURE_NAMES.length).join(", ")}; src/answer/abstain.ts). \`found\` stays the support`,
  "model's decision above.",
  "",
  "This is the extractive reader's `confidence`. A reader that gives no probability of its own (the LLM reader) gets the",
  "support probability above as its `confidence`: the probability that what was read holds the answer, not that the text",
  "the model wrote is right (no model is fitted on an LLM's answers; src/engine/ask.ts, tested in src/engine/abstain.test.ts).",
  "",
  "Out of fold:",
  "",
  "| | value |",
  "| --- | ---: |",
  `| questions (own document + another document of the set) | ${mixed.length} |`,
  `| right answers among them | ${mixed.filter((r) => right(r) === 1).length} |`,
  `| AUROC, right answers against all others | ${auroc(mixed.filter((r) => right(r) === 1).map(q), mixed.filter((r) => right(r) === 0).map(q)).toFixed(3)} |`,
  `| AUROC, own-document questions only: right against wrong answers | ${auroc(ownRight.map(q), ownWrongAnswer.map(q)).toFixed(3)} |`,
  `| the same for the support probability | ${auroc(ownRight.map(p), ownWrongAnswer.map(p)).toFixed(3)} |`,
  `| expected calibration error (10 bins) | ${ece(mixed, q).toFixed(3)} |`,
  `| the same for the support probability, read as the probability of being right | ${ece(mixed, p).toFixed(3)} |`,
  `| Brier score | ${brier(mixed, q).toFixed(3)} (support probability: ${brier(mixed, p).toFixed(3)}) |`,
  "",
  "Reliability (out of fold, own-document and other-document questions):",
  "",
  "| predicted | questions | mean predicted | share right |",
  "| --- | ---: | ---: | ---: |",
  ...calibration(mixed, q),
  "",
  "Own-document questions only:",
  "",
  "| predicted | questions | mean predicted | share right |",
  "| --- | ---: | ---: | ---: |",
  ...calibration(own, q),
  "",
  `Used for \`found\` as well (at its own threshold ${rightThreshold}, the highest at which at most ${Math.round(maxOwnAbstain * 100)}% of own-document`,
  `questions abstain), it would abstain on ${rateRight(entityWrong, rightThreshold).toFixed(3)} of entity-specific wrong-document questions against the support`,
  `model's ${rate(entityWrong, threshold).toFixed(3)}: the support model separates documents better, so it keeps deciding \`found\`.`,
  "",
  "| feature | weight |",
  "| --- | ---: |",
  ...CONFIDENCE_FEATURES.map((name, i) => `| ${name} | ${round(rightModel.weights[i] ?? 0)} |`),
  `| bias | ${round(rightModel.bias)} |`,
  "",
  "## Weights of the support model (fitted on all questions)",
  "",
  "| feature | weight |",
  "| --- | ---: |",
  ...FEATURE_NAMES.map((name, i) => `| ${name} | ${round(model.weights[i] ?? 0)} |`),
  `| bias | ${round(model.bias)} |`,
  "",
];
writeFileSync(join(values.out, "docs/answer-calibration.md"), md.join("\n"));
process.stderr.write(
  `confidence: AUROC right against the rest ${auroc(mixed.filter((r) => right(r) === 1).map(q), mixed.filter((r) => right(r) === 0).map(q)).toFixed(3)}, own right against own wrong ${auroc(ownRight.map(q), ownWrongAnswer.map(q)).toFixed(3)}; ` +
    `ECE ${ece(mixed, q).toFixed(3)} (support probability as confidence: ${ece(mixed, p).toFixed(3)}); its own threshold ${rightThreshold}: own abstain ${rateRight(own, rightThreshold).toFixed(3)}, entity wrong-document ${rateRight(entityWrong, rightThreshold).toFixed(3)}\n`,
);
process.stderr.write(`threshold ${threshold}; own abstain ${rate(own, threshold).toFixed(3)}, entity wrong-document abstain ${rate(entityWrong, threshold).toFixed(3)}\n`);
