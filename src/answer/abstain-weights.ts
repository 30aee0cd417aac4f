/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 0c2d0e4.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4703,
  weights: { coverage: 3.3038, specificCoverage: 1.3154, bestCoverage: 1.5004, window: 0.9316, typed: 0.0273, spanQuestion: 0.2496, margin: 0.2694, length: 0.581 },
  threshold: 0.677,
};
