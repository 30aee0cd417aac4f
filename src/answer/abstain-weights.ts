/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit be3527e.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4678,
  weights: { coverage: 3.2655, specificCoverage: 1.3049, bestCoverage: 1.5736, window: 0.9285, typed: 0.0541, spanQuestion: 0.2655, margin: 0.2002, length: 0.5678 },
  threshold: 0.674,
};
