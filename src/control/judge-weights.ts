/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks recorded under caps of 1000 and 2000 and 8000 tokens, 410 questions, 244507 steps, 2026-12-01.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms","falloff","spanType","candidate","capShare"],
  weights: [0.00517,-0.26268,0.32385,0.19661,0.33871,0.30635,0.10601,0.2595,0.14706,-0.20364,-0.19359,-0.39066,-1.04523,0.19644,1.38003],
  bias: 0.49854,
  threshold: 0.87,
  thresholds: [{"budget":500,"threshold":0.84},{"budget":1000,"threshold":0.85},{"budget":2000,"threshold":0.87},{"budget":4000,"threshold":0.9},{"budget":8000,"threshold":0.87}],
};
