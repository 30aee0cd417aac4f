/**
 * Judge weights fitted by scripts/fit-judge.ts (`npm run fit:judge`) on cuad, financebench, hotpotqa, musique, nq_wiki, qasper from
 * ../shared/data (dev part), walks of up to 2000 tokens, 410 questions, 32696 steps, 2026-11-28.
 * Calibration (document-grouped 5-fold cross-validation): docs/judge-calibration.md. Do not edit by hand.
 */
import type { JudgeWeights } from "./calibrated-judge.js";

export const JUDGE_WEIGHTS: JudgeWeights = {
  version: 1,
  features: ["maxRead","topRead","coverage","bestCoverage","gap","logTokens","answerType","logSteps","topFiveRead","unreadRatio","questionTerms"],
  weights: [0.18884,0,0.58269,0.53529,0.78588,0.39102,-0.0177,0.39615,0.03367,-0.63123,0.11842],
  bias: -2.23676,
  threshold: 0.7,
};
