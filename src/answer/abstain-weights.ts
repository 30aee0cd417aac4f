/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit b15dcad.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4654,
  weights: { coverage: 3.2878, specificCoverage: 1.3583, bestCoverage: 1.4738, window: 0.9269, typed: 0.024, spanQuestion: 0.236, margin: 0.2566, length: 0.5747 },
  threshold: 0.677,
};
