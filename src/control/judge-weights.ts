/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks recorded under caps of 1000 and 8000 tokens, 410 questions, 245784 steps, 2026-12-01.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms","falloff","spanType","candidate","capShare"],
  weights: [0.02611,-0.30938,0.26054,0.24431,0.31325,0.28994,0.07138,0.26145,0.1198,-0.19091,-0.1781,-0.35719,-1.08998,0.19562,1.46413],
  bias: 0.51751,
  threshold: 0.87,
  thresholds: [{"budget":500,"threshold":0.84},{"budget":1000,"threshold":0.84},{"budget":2000,"threshold":0.86},{"budget":4000,"threshold":0.88},{"budget":8000,"threshold":0.87}],
};
