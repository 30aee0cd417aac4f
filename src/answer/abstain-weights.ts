/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit a022c48.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4613,
  weights: { coverage: 3.3023, specificCoverage: 1.3176, bestCoverage: 1.5038, window: 0.9241, typed: 0.0283, spanQuestion: 0.2532, margin: 0.2566, length: 0.5737 },
  threshold: 0.677,
};
