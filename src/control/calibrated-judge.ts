/**
 * The model-free Judge: a logistic model over cheap features (features.ts) that estimates the
 * probability that the answer is already in what was read. Its weights are fitted on the
 * development data by `npm run fit:judge` (scripts/fit-judge.ts) and committed in
 * judge-weights.ts together with their calibration.
 */
import type { Judge, JudgeInput, Verdict } from "./judge-spec.js";
import { FEATURE_NAMES, featureMemo, judgeFeatures } from "./features.js";
import { JUDGE_WEIGHTS } from "./judge-weights.js";

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
  readonly thresholds?: readonly { readonly budget: number; readonly threshold: number }[];
}

/** The threshold for a walk capped at `budget` tokens. */
export function thresholdFor(weights: JudgeWeights, budget: number): number {
  const table = weights.thresholds;
  if (!table || table.length === 0) return weights.threshold;
  let chosen = table[0]!.threshold;
  for (const entry of table) if (budget >= entry.budget) chosen = entry.threshold;
  return chosen;
}

/** P(answer in what was read) under a logistic model. */
export function logistic(weights: JudgeWeights, features: readonly number[]): number {
  let z = weights.bias;
  weights.weights.forEach((w, i) => (z += w * (features[i] ?? 0)));
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
      const probability = logistic(weights, judgeFeatures(input, memo));
      const threshold = options.threshold ?? thresholdFor(weights, input.budget);
      return { sufficient: probability >= threshold, probability };
    },
  };
}
