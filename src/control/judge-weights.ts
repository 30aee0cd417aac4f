/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks of up to 8000 tokens, 410 questions, 102225 steps, 2026-12-01.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms","falloff","spanType","candidate"],
  weights: [0.1082,-0.41584,0.53327,0.64757,0.68539,0.23496,-0.0508,0.3802,-0.01532,-0.36713,-0.27364,-0.69438,-0.5939,0.53297],
  bias: -0.47212,
  threshold: 0.79,
  thresholds: [{"budget":500,"threshold":0.56},{"budget":1000,"threshold":0.62},{"budget":2000,"threshold":0.71},{"budget":4000,"threshold":0.76},{"budget":8000,"threshold":0.79}],
};
