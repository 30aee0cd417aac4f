/**
 * The model-free Judge: a logistic model over cheap features (features.ts), with boosted trees
 * on its log-odds, that estimates the probability that reading on to the cap would add little;
 * it says "sufficient" at its cap's threshold or once its cap's share of tokens is read. Its weights are fitted on the
 * development data by `npm run fit:judge` (scripts/fit-judge.ts) and committed in
 * judge-weights.ts together with their calibration.
 */
import type { Judge, JudgeInput, Verdict } from "./judge-spec.js";
import { FEATURE_NAMES, featureMemo, judgeFeatures } from "./features.js";
import { JUDGE_WEIGHTS } from "./judge-weights.js";

/**
 * One boosted tree over the features: `below` when feature `feature` is at most `threshold`,
 * `above` otherwise, down to a leaf's log-odds.
 */
export interface JudgeTree {
  readonly feature: number;
  readonly threshold: number;
  readonly below: JudgeTree | number;
  readonly above: JudgeTree | number;
}

export interface JudgeWeights {
  readonly version: number;
  readonly features: readonly string[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** Probability at or above which the judge says "sufficient". */
  readonly threshold: number;
  /**
   * Thresholds chosen per token cap (fit-judge.ts): a walk capped at `budget` or more, up to the
   * next entry, uses `threshold`; a cap below the first entry uses the first. Absent: `threshold`.
   */
  readonly thresholds?: readonly { readonly budget: number; readonly threshold: number; readonly share?: number }[];
  /** Boosted trees whose leaves add to the logistic's log-odds (fit-judge.ts `--trees`). */
  readonly trees?: readonly JudgeTree[];
  /**
   * A second model over the same features (fit-judge.ts `--give-up`): the probability that the
   * walk's cap reaches no evidence at all. A walk that will find nothing loses nothing by
   * stopping, so the judge also says "sufficient" once this reaches its cap's threshold.
   */
  readonly giveUp?: GiveUpWeights;
}

/** The give-up model: a logistic with boosted trees, and a threshold per token cap. */
export interface GiveUpWeights {
  readonly weights: readonly number[];
  readonly bias: number;
  readonly trees?: readonly JudgeTree[];
  /** As `JudgeWeights.thresholds`: a walk capped at `budget` or more, up to the next entry, uses `threshold`. */
  readonly thresholds: readonly { readonly budget: number; readonly threshold: number }[];
}

/** The threshold for a walk capped at `budget` tokens. */
export function thresholdFor(weights: JudgeWeights, budget: number): number {
  return entryFor(weights, budget)?.threshold ?? weights.threshold;
}

/**
 * The share of a walk's cap at which the judge says "sufficient" whatever its probability (1:
 * none): where the features say little, reading a fixed share of the cap stops as well as any.
 */
export function shareFor(weights: JudgeWeights, budget: number): number {
  return entryFor(weights, budget)?.share ?? 1;
}

function entryFor(weights: JudgeWeights, budget: number): NonNullable<JudgeWeights["thresholds"]>[number] | undefined {
  const table = weights.thresholds;
  if (!table || table.length === 0) return undefined;
  let chosen = table[0]!;
  for (const entry of table) if (budget >= entry.budget) chosen = entry;
  return chosen;
}

/** The give-up threshold for a walk capped at `budget` tokens (above 1: never gives up). */
export function giveUpThresholdFor(weights: JudgeWeights, budget: number): number {
  return entryFor({ ...weights, thresholds: weights.giveUp?.thresholds }, budget)?.threshold ?? 2;
}

/** P(answer in what was read): a logistic model, plus the log-odds of its trees when it has any. */
export function logistic(weights: Pick<JudgeWeights, "weights" | "bias" | "trees">, features: readonly number[]): number {
  let z = weights.bias;
  weights.weights.forEach((w, i) => (z += w * (features[i] ?? 0)));
  for (const tree of weights.trees ?? []) {
    let node: JudgeTree | number = tree;
    while (typeof node !== "number") node = (features[node.feature] ?? 0) <= node.threshold ? node.below : node.above;
    z += node;
  }
  return 1 / (1 + Math.exp(-z));
}

/**
 * @example const judge = createCalibratedJudge(); // fitted weights, default threshold
 */
export function createCalibratedJudge(options: { weights?: JudgeWeights; threshold?: number } = {}): Judge {
  const weights = options.weights ?? JUDGE_WEIGHTS;
  if (weights.features.join() !== FEATURE_NAMES.join()) {
    throw new Error(`judge weights are for features [${weights.features.join()}], expected [${FEATURE_NAMES.join()}]`);
  }
  // What the consults of the question being judged share (features.ts); a judge serving several
  // questions at once just recomputes it when they interleave.
  const memo = featureMemo();
  return {
    id: `calibrated:v${weights.version}`,
    judge(input: JudgeInput): Verdict {
      const features = judgeFeatures(input, memo);
      const probability = logistic(weights, features);
      const threshold = options.threshold ?? thresholdFor(weights, input.budget);
      // A threshold given by the caller is the whole rule; the fitted one comes with its share
      // and its give-up model.
      const share = options.threshold === undefined ? shareFor(weights, input.budget) : 1;
      const giveUp = options.threshold === undefined && weights.giveUp ? giveUpThresholdFor(weights, input.budget) : 2;
      const sufficient =
        probability >= threshold || (share < 1 && input.tokensRead >= share * input.budget) || (giveUp <= 1 && logistic(weights.giveUp!, features) >= giveUp);
      return { sufficient, probability };
    },
  };
}
