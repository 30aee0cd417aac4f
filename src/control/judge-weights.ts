/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks recorded under caps of 1000 and 2000 and 8000 tokens, 410 questions, 245435 steps, 2026-12-01.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms","falloff","spanType","candidate","capShare"],
  weights: [0.01381,-0.26566,0.34163,0.20489,0.34512,0.3048,0.10389,0.23719,0.16747,-0.21744,-0.22151,-0.39724,-1.05304,0.21186,1.38604],
  bias: 0.56124,
  threshold: 0.87,
  thresholds: [{"budget":500,"threshold":0.84},{"budget":1000,"threshold":0.85},{"budget":2000,"threshold":0.87},{"budget":4000,"threshold":0.89},{"budget":8000,"threshold":0.87}],
};
