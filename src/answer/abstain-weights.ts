/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit eb934be.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4679,
  weights: { coverage: 3.2417, specificCoverage: 1.3067, bestCoverage: 1.5458, window: 0.9359, typed: 0.0642, spanQuestion: 0.2623, margin: 0.2434, length: 0.572 },
  threshold: 0.668,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -5.0049,
  weights: { coverage: 1.2334, specificCoverage: 0.7512, bestCoverage: 0.4469, window: 0.2647, typed: 0.047, spanQuestion: 0.1692, margin: 0.0762, length: 0.4644, answerScore: 0.9958, answerRelevance: 0.2575, predicate: 0.6858 },
};
