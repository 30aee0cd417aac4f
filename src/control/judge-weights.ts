/**
 * Provisional judge weights, set by hand before the first fit; `npm run fit:judge` replaces this
 * file with weights fitted on ../shared/data and their cross-validated calibration.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 0,
  features: ["maxRead", "topRead", "coverage", "bestCoverage", "gap", "logTokens", "answerType", "logSteps"],
  weights: [2, 1, 2, 2, 1, 0, 0.5, 0],
  bias: -5,
  threshold: 0.5,
};
