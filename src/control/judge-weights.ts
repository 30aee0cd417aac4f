/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks of up to 8000 tokens, 410 questions, 102633 steps, 2026-12-01.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms","falloff","spanType","candidate"],
  weights: [0.12321,0,0.59972,0.7208,0.77882,0.34173,-0.10734,0.40034,0.02717,-0.3029,-0.18194,-0.75986,0,0],
  bias: -1.57347,
  threshold: 0.8,
  thresholds: [{"budget":500,"threshold":0.55},{"budget":1000,"threshold":0.6},{"budget":2000,"threshold":0.7},{"budget":4000,"threshold":0.75},{"budget":8000,"threshold":0.8}],
};
