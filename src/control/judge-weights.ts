/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks of up to 2000 tokens, 410 questions, 38341 steps, 2026-11-28.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms"],
  weights: [0.17219,0,0.57853,0.57105,0.88157,0.45215,-0.03723,0.30258,0.19985,-0.59876,0.0972],
  bias: -2.09524,
  threshold: 0.7,
};
