/**
 * Weights of the candidate ranker, written by scripts/fit-rank.ts at commit b02095e (label span, loss
 * pair, L2 0.01) on the walks of scripts/answer-diagnose.ts --save. Out-of-fold figures: docs/answers.md.
 * Do not edit by hand.
 */
export const RANK_WEIGHTS = {
  bias: 0,
  weights: { handScore: 0.791, handRank: 0.9716, sentenceRank: 0.5017, relevance: 0.3823, readOrder: 0.042, coverage: -0.1095, rarest: -0.0136, window: -0.1379, fit: 0.6998, cued: 0.7831, prose: 0.7615, repeat: 0.4105, agreement: -0.0173, alone: 0.2667, bridged: 0.3872, adjacent: 0.0271, predicate: 0.5485, specific: -0.6518 },
};
