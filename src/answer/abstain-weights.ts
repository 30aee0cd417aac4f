/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit 91020ef.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.5241,
  weights: { coverage: 3.2329, specificCoverage: 1.364, bestCoverage: 1.4935, window: 0.9504, typed: 0.0348, spanQuestion: 0.237, margin: 0.3237, length: 0.5704 },
  threshold: 0.671,
};
