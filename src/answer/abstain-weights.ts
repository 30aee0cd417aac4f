/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit f2d68ae.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4726,
  weights: { coverage: 3.2409, specificCoverage: 1.308, bestCoverage: 1.5455, window: 0.9362, typed: 0.0637, spanQuestion: 0.2591, margin: 0.2583, length: 0.5721 },
  threshold: 0.668,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -4.913,
  weights: { coverage: 1.2374, specificCoverage: 0.6432, bestCoverage: 0.4642, window: 0.2702, typed: 0.0461, spanQuestion: 0.1722, margin: 0.0927, length: 0.4493, answerScore: 1.0234, answerRelevance: 0.2412, predicate: 0.7043 },
};
