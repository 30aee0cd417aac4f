/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 13dbfb9.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4761,
  weights: { coverage: 3.2853, specificCoverage: 1.3839, bestCoverage: 1.4379, window: 0.9201, typed: 0.0233, spanQuestion: 0.2328, margin: 0.2627, length: 0.5771 },
  threshold: 0.686,
};

/** The confidence: the probability that the answer chosen is right (fitted on answer correctness). */
export const CONFIDENCE_WEIGHTS = {
  bias: -5.0511,
  weights: { coverage: 1.1035, specificCoverage: 0.7202, bestCoverage: 0.5375, window: 0.4092, typed: 0.0607, spanQuestion: 0.1208, margin: 0.0476, length: 0.4181, answerScore: 0.901, answerRelevance: 0.3605, predicate: 0.6737 },
};
