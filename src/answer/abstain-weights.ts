/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 47428f9.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4721,
  weights: { coverage: 3.2562, specificCoverage: 1.2979, bestCoverage: 1.5675, window: 0.9886, typed: 0.0525, spanQuestion: 0.2556, margin: 0.2285, length: 0.5694 },
  threshold: 0.673,
};
