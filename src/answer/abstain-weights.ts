/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 5142e81.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4939,
  weights: { coverage: 3.2466, specificCoverage: 1.3149, bestCoverage: 1.5487, window: 0.9017, typed: 0.1164, spanQuestion: 0.2414, margin: 0.2388, length: 0.5736 },
  threshold: 0.665,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -4.7415,
  weights: { coverage: 1.2487, specificCoverage: 0.6978, bestCoverage: 0.4705, window: 0.2348, typed: 0.0211, spanQuestion: 0.2085, margin: 0.0785, length: 0.4173, answerScore: 1.1446, answerRelevance: 0.0088, predicate: 0.6773 },
};
