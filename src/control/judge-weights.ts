/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks of up to 2000 tokens, 410 questions, 31511 steps, 2026-11-28.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms"],
  weights: [0.20231,0.13544,0.62325,0.65284,0.81422,0.32034,-0.0322,0.35368,0.13623,-0.63763,0.07005],
  bias: -2.27732,
  threshold: 0.7,
};
