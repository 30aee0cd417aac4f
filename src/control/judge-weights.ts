/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks of up to 8000 tokens, 410 questions, 224409 steps, 2026-12-01.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms","falloff","spanType","candidate","capShare"],
  weights: [0.01888,-0.27161,0.30268,0.30171,0.25651,0.3021,0.11014,0.22521,0.04034,-0.24564,-0.2309,-0.29941,-1.06828,0.19397,1.49688],
  bias: 0.54436,
  threshold: 0.87,
  thresholds: [{"budget":500,"threshold":0.84},{"budget":1000,"threshold":0.83},{"budget":2000,"threshold":0.86},{"budget":4000,"threshold":0.85},{"budget":8000,"threshold":0.87}],
};
