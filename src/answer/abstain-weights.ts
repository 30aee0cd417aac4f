/**
 * Weights of the abstention model, written by scripts/fit-abstain.ts at commit c3d47b1.
 * Calibration (document-grouped 5-fold cross-validation): docs/answer-calibration.md. Do not edit by hand.
 */
export const ABSTAIN_WEIGHTS = {
  bias: -4.4761,
  weights: { coverage: 3.2869, specificCoverage: 1.3841, bestCoverage: 1.4433, window: 0.9082, typed: 0.0237, spanQuestion: 0.2324, margin: 0.2614, length: 0.578 },
  threshold: 0.686,
};
