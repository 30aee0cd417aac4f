/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks recorded under caps of 1000 and 2000 and 8000 tokens, 410 questions, 244882 steps, 2026-12-01.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms","falloff","spanType","candidate","capShare"],
  weights: [0.01313,-0.25737,0.30378,0.19757,0.32905,0.30195,0.11693,0.26878,0.14088,-0.19336,-0.18572,-0.38145,-1.04145,0.19666,1.38074],
  bias: 0.44894,
  threshold: 0.88,
  thresholds: [{"budget":500,"threshold":0.84},{"budget":1000,"threshold":0.85},{"budget":2000,"threshold":0.86},{"budget":4000,"threshold":0.9},{"budget":8000,"threshold":0.88}],
};
