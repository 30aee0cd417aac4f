/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 9f45121.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.497,
  weights: { coverage: 3.2388, specificCoverage: 1.3137, bestCoverage: 1.5381, window: 0.941, typed: 0.1157, spanQuestion: 0.242, margin: 0.2473, length: 0.5726 },
  threshold: 0.666,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -4.8374,
  weights: { coverage: 1.2018, specificCoverage: 0.645, bestCoverage: 0.4371, window: 0.2753, typed: 0.0199, spanQuestion: 0.1653, margin: 0.0668, length: 0.4521, answerScore: 1.0846, answerRelevance: 0.1814, predicate: 0.6961 },
};
