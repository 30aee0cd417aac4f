/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks of up to 8000 tokens, 410 questions, 102225 steps, 2026-12-01.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms","falloff","spanType","candidate"],
  weights: [0.10968,-0.41428,0.53306,0.65202,0.68735,0.23348,-0.05154,0.38076,-0.01181,-0.36298,-0.27758,-0.69572,-0.58812,0.52714],
  bias: -0.47744,
  threshold: 0.79,
  thresholds: [{"budget":500,"threshold":0.56},{"budget":1000,"threshold":0.62},{"budget":2000,"threshold":0.7},{"budget":4000,"threshold":0.76},{"budget":8000,"threshold":0.79}],
};
