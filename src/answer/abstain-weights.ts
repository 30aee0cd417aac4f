/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit fe3e833.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4672,
  weights: { coverage: 3.2893, specificCoverage: 1.3583, bestCoverage: 1.4781, window: 0.9157, typed: 0.0274, spanQuestion: 0.2357, margin: 0.2556, length: 0.5744 },
  threshold: 0.677,
};
