/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 7f4291b.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4182,
  weights: { coverage: 3.18, specificCoverage: 1.3535, bestCoverage: 1.5965, window: 0.9272, typed: -0.0709, spanQuestion: 0.2108, margin: 0.3191, length: 0.5939 },
  threshold: 0.664,
};
