/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 60d5a9b.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4761,
  weights: { coverage: 3.2869, specificCoverage: 1.3841, bestCoverage: 1.4433, window: 0.9082, typed: 0.0237, spanQuestion: 0.2324, margin: 0.2614, length: 0.578 },
  threshold: 0.686,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -4.9093,
  weights: { coverage: 1.0701, specificCoverage: 0.6992, bestCoverage: 0.5347, window: 0.3568, typed: 0.0577, spanQuestion: 0.0983, margin: 0.0371, length: 0.3016, answerScore: 0.9336, answerRelevance: 0.3079, predicate: 0.6658 },
};
