/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 3ec9748.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4685,
  weights: { coverage: 3.2561, specificCoverage: 1.3139, bestCoverage: 1.4745, window: 0.9668, typed: 0.0825, spanQuestion: 0.2454, margin: 0.267, length: 0.5676 },
  threshold: 0.65,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -5.0354,
  weights: { coverage: 1.1121, specificCoverage: 0.7401, bestCoverage: 0.5519, window: 0.3444, typed: 0.0182, spanQuestion: 0.1326, margin: 0.0195, length: 0.4099, answerScore: 1.0003, answerRelevance: 0.3177, predicate: 0.6187 },
};
