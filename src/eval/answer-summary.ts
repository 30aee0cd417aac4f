/**
 * Summaries of answer records (src/eval/answers.ts): answer hit, token F1, the read ceiling
 * and the BM25-sentence baseline over own-document questions; abstention rates on own and
 * wrong-document questions and the AUROC of the confidence between them.
 */
import type { AnswerRecord } from "./answers.js";

export interface AnswerSummary {
  readonly set: string;
  readonly questions: number;
  readonly hit: number;
  readonly f1: number;
  /** Hit of the answer chosen before abstention. */
  readonly chosenHit: number;
  readonly read: number;
  /** The gold answer is in the answer's sentence. */
  readonly sentence: number;
  readonly baselineHit: number;
  readonly baselineF1: number;
  /** Share of own-document questions answered `found: false`. */
  readonly ownAbstain: number;
  readonly wrongQuestions: number;
  /** Share of wrong-document questions answered `found: false`. */
  readonly wrongAbstain: number;
  /** AUROC of confidence: own-document (positive) against wrong-document (negative). */
  readonly auroc: number;
}

function mean(xs: readonly number[]): number {
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

/**
 * The probability that a random positive scores above a random negative (ties count half).
 * @example auroc([0.9, 0.8], [0.1]) // 1
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const all = [...positives.map((s) => ({ s, p: 1 })), ...negatives.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let i = 0;
  while (i < all.length) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.s === all[i]!.s) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.p === 1) rankSum += rank;
    i = j + 1;
  }
  const n1 = positives.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * negatives.length);
}

function summarizeOne(set: string, records: readonly AnswerRecord[]): AnswerSummary {
  const own = records.filter((r) => r.asked === "own");
  const wrong = records.filter((r) => r.asked === "other-document");
  return {
    set,
    questions: own.length,
    hit: mean(own.map((r) => (r.hit ? 1 : 0))),
    f1: mean(own.map((r) => r.f1 ?? 0)),
    chosenHit: mean(own.map((r) => (r.chosenHit ? 1 : 0))),
    read: mean(own.map((r) => (r.read ? 1 : 0))),
    sentence: mean(own.map((r) => (r.sentenceHit ? 1 : 0))),
    baselineHit: mean(own.map((r) => (r.baselineHit ? 1 : 0))),
    baselineF1: mean(own.map((r) => r.baselineF1 ?? 0)),
    ownAbstain: mean(own.map((r) => (r.found ? 0 : 1))),
    wrongQuestions: wrong.length,
    wrongAbstain: mean(wrong.map((r) => (r.found ? 0 : 1))),
    auroc: auroc(
      own.map((r) => r.confidence),
      wrong.map((r) => r.confidence),
    ),
  };
}

/** One summary per set, in order of first appearance, then one over all of them ("all"). */
export function summarizeAnswers(records: readonly AnswerRecord[]): AnswerSummary[] {
  const sets = [...new Set(records.map((r) => r.set))];
  return [...sets.map((s) => summarizeOne(s, records.filter((r) => r.set === s))), summarizeOne("all", records)];
}

function pct(x: number): string {
  return Number.isNaN(x) ? "–" : x.toFixed(2);
}

/** A markdown table of the summaries. */
export function answerTable(summaries: readonly AnswerSummary[]): string {
  const rows = [
    "| set | questions | answer hit | token F1 | hit before abstaining | gold in the answer's sentence | best BM25 sentence: hit | its F1 | gold anywhere in what was read | abstained, own document | abstained, wrong document | AUROC |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const s of summaries) {
    rows.push(
      `| ${s.set} | ${s.questions} | ${pct(s.hit)} | ${pct(s.f1)} | ${pct(s.chosenHit)} | ${pct(s.sentence)} | ${pct(s.baselineHit)} | ${pct(s.baselineF1)} | ${pct(s.read)} | ${pct(s.ownAbstain)} | ${pct(s.wrongAbstain)} | ${pct(s.auroc)} |`,
    );
  }
  return rows.join("\n");
}
