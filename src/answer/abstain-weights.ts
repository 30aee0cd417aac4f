/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 832dffe.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4643,
  weights: { coverage: 3.2636, specificCoverage: 1.3124, bestCoverage: 1.4778, window: 0.9576, typed: 0.0632, spanQuestion: 0.2591, margin: 0.2673, length: 0.566 },
  threshold: 0.668,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -5.1229,
  weights: { coverage: 1.1485, specificCoverage: 0.745, bestCoverage: 0.5406, window: 0.3295, typed: 0.0419, spanQuestion: 0.13, margin: 0.0695, length: 0.4308, answerScore: 0.9948, answerRelevance: 0.3452, predicate: 0.6352 },
};
