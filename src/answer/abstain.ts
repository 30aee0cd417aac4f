/**
 * Abstention and confidence, from a few signals of the reading (logistic models fitted by
 * scripts/fit-abstain.ts with document-grouped cross-validation; calibration in
 * docs/answer-calibration.md): `found` is the calibrated probability that what was read holds
 * the answer at or above the threshold; `confidence` is the calibrated probability that the
 * answer chosen is right.
 */
import { ABSTAIN_WEIGHTS, CONFIDENCE_WEIGHTS } from "./abstain-weights.js";

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
  /** The reader's score of the answer chosen (its candidate's, or its sentence's for a sentence answer), capped at 1. */
  readonly answerScore: number;
  /** The walk's relevance of the answer's sentence, in [0, 1] (not scaled to the best read sentence's). */
  readonly answerRelevance: number;
  /** Nearness of the question's common (lower-case) terms to the answer's candidate: the predicate asked about. */
  readonly predicate: number;
}

/** The support model's features (whether what was read holds an answer). */
export const FEATURE_NAMES = ["coverage", "specificCoverage", "bestCoverage", "window", "typed", "spanQuestion", "margin", "length"] as const satisfies readonly (keyof SupportFeatures)[];
/** The confidence model's features (whether the answer chosen is right): the support features and the answer's own. */
export const CONFIDENCE_FEATURES = [...FEATURE_NAMES, "answerScore", "answerRelevance", "predicate"] as const satisfies readonly (keyof SupportFeatures)[];

export interface AbstainModel {
  readonly bias: number;
  readonly weights: Readonly<Record<(typeof FEATURE_NAMES)[number], number>>;
  /** found when the probability is at least this. */
  readonly threshold: number;
}

/**
 * Fitted by `npx tsx scripts/fit-abstain.ts` (see docs/answer-calibration.md for the data,
 * the cross-validated calibration and why this threshold).
 */
export const DEFAULT_ABSTAIN: AbstainModel = ABSTAIN_WEIGHTS;

export interface ConfidenceModel {
  readonly bias: number;
  readonly weights: Readonly<Record<(typeof CONFIDENCE_FEATURES)[number], number>>;
}

export const DEFAULT_CONFIDENCE: ConfidenceModel = CONFIDENCE_WEIGHTS;

export function featureVector(f: SupportFeatures): number[] {
  return FEATURE_NAMES.map((name) => f[name]);
}

export function confidenceVector(f: SupportFeatures): number[] {
  return CONFIDENCE_FEATURES.map((name) => f[name]);
}

/**
 * The probability that the answer chosen is right (names the answer), fitted on answer
 * correctness of own-document questions against the same questions asked of other documents.
 */
export function rightProbability(f: SupportFeatures, model: ConfidenceModel = DEFAULT_CONFIDENCE): number {
  return logisticOf(CONFIDENCE_FEATURES, model, f);
}

/** The probability that the reading holds the answer. */
export function supportProbability(f: SupportFeatures, model: AbstainModel = DEFAULT_ABSTAIN): number {
  return logisticOf(FEATURE_NAMES, model, f);
}

/**
 * A fitted logistic model's probability: sigmoid(bias + Σ weight · feature) over `names`, in that
 * order (the order the fitting scripts sum in, so the figures are theirs to the last bit).
 * @example logisticOf(["a"], { bias: 0, weights: { a: 0 } }, { a: 1 }) // 0.5
 */
export function logisticOf<K extends string>(
  names: readonly K[],
  model: { readonly bias: number; readonly weights: Readonly<Record<K, number>> },
  f: Readonly<Record<K, number>>,
): number {
  let z = model.bias;
  for (const name of names) z += model.weights[name] * f[name];
  return 1 / (1 + Math.exp(-z));
}

/** One sentence the answer gives when the documents do not hold it. */
export const NOT_FOUND_ANSWER = "The documents searched do not contain an answer to this question.";
