/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 86d4583.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4477,
  weights: { coverage: 3.2485, specificCoverage: 1.2951, bestCoverage: 1.4932, window: 0.9629, typed: 0.084, spanQuestion: 0.2542, margin: 0.2368, length: 0.5795 },
  threshold: 0.645,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -4.9947,
  weights: { coverage: 1.0849, specificCoverage: 0.6929, bestCoverage: 0.5785, window: 0.347, typed: 0.0182, spanQuestion: 0.1371, margin: 0.0122, length: 0.4129, answerScore: 1.0079, answerRelevance: 0.3266, predicate: 0.6213 },
};
