/**
 * Abstention: the calibrated probability that what was read holds the answer to the question,
 * from a few signals of the reading (a logistic model, fitted by scripts/fit-abstain.ts with
 * document-grouped cross-validation; calibration in docs/answer-calibration.md). `found` is
 * that probability at or above the threshold.
 */
import { ABSTAIN_WEIGHTS } from "./abstain-weights.js";

/** The signals the abstention model reads, each in [0, 1] unless said otherwise. */
export interface SupportFeatures {
  /** Weighted share of the question's terms found anywhere in what was read. */
  readonly coverage: number;
  /** The same over the question's specific terms (names, numbers); 1 when it has none. */
  readonly specificCoverage: number;
  /** Weighted share of the question's terms in the single best sentence. */
  readonly bestCoverage: number;
  /** Best window score of an answer candidate (its nearness to the question's terms). */
  readonly window: number;
  /** 1 when a candidate of the expected type was found (always 1 for sentence answers). */
  readonly typed: number;
  /** 1 when the question expects a typed span (a name, a date, a number ...). */
  readonly spanQuestion: number;
  /** Share of the best candidate's score over the sum of the best two (agreement and margin). */
  readonly margin: number;
  /** Number of question terms, as log(1 + n) / log(16), capped at 1. */
  readonly length: number;
}

export const FEATURE_NAMES = ["coverage", "specificCoverage", "bestCoverage", "window", "typed", "spanQuestion", "margin", "length"] as const satisfies readonly (keyof SupportFeatures)[];

export interface AbstainModel {
  readonly bias: number;
  readonly weights: Readonly<Record<keyof SupportFeatures, number>>;
  /** found when the probability is at least this. */
  readonly threshold: number;
}

/**
 * Fitted by `npx tsx scripts/fit-abstain.ts` (see docs/answer-calibration.md for the data,
 * the cross-validated calibration and why this threshold).
 */
export const DEFAULT_ABSTAIN: AbstainModel = ABSTAIN_WEIGHTS;

export function featureVector(f: SupportFeatures): number[] {
  return FEATURE_NAMES.map((name) => f[name]);
}

/** The probability that the reading holds the answer. */
export function supportProbability(f: SupportFeatures, model: AbstainModel = DEFAULT_ABSTAIN): number {
  let z = model.bias;
  for (const name of FEATURE_NAMES) z += model.weights[name] * f[name];
  return 1 / (1 + Math.exp(-z));
}

/** One sentence the answer gives when the documents do not hold it. */
export const NOT_FOUND_ANSWER = "The documents searched do not contain an answer to this question.";
