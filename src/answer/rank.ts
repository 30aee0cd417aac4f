/**
 * The candidate ranker: a logistic model over general features of a candidate span and its
 * sentence (the hand-set score and its rank, the walk's relevance and read order, coverage of
 * the question's terms, nearness in a window, type fit and cues, chrome, agreement across read
 * sentences), fitted by scripts/fit-rank.ts with document-grouped cross-validation on whether
 * the candidate names the gold answer. Its weights are a committed table (rank-weights.ts), so
 * the reader stays deterministic and model-free at run time.
 */
import { RANK_WEIGHTS } from "./rank-weights.js";
import { logisticOf } from "./abstain.js";

export const RANK_FEATURES = [
  /** The hand-set score over the question's best hand-set score. */
  "handScore",
  /** 1 / (1 + the candidate's rank by the hand-set score). */
  "handRank",
  /** 1 / (1 + its sentence's rank among the read sentences). */
  "sentenceRank",
  /** The walk's relevance of its sentence, scaled to the best read sentence's. */
  "relevance",
  /** 1 / (1 + the read unit's place in reading order). */
  "readOrder",
  /** IDF-weighted share of the question's terms in its sentence (with terms a leading pronoun carries). */
  "coverage",
  /** 1 when its sentence holds the question's rarest term (highest IDF). */
  "rarest",
  /** Nearness of the question's terms to the candidate (window score). */
  "window",
  /** Type fit times shape fit. */
  "fit",
  /** 1 when a cue word of its type, the role, the head noun or the kind asked announces it. */
  "cued",
  /** 1 when its sentence is prose (not a reference entry, navigation line, heading or row). */
  "prose",
  /** Share of its words that the question has. */
  "repeat",
  /** Other read sentences holding the same span, up to 3, over 3. */
  "agreement",
  /** 1 / the number of candidates of its sentence. */
  "alone",
  /** 1 when its sentence is scored through a bridge (nested questions). */
  "bridged",
  /** 1 / the distance in words to the nearest question term outside the candidate (0 when none within the window). */
  "adjacent",
  /** Window score over the question's common (lower-case) terms only: the predicate near the candidate. */
  "predicate",
  /** IDF-weighted share of the question's specific terms (names, numbers) in its sentence; 1 when it has none. */
  "specific",
] as const;

export type RankFeature = (typeof RANK_FEATURES)[number];
export type RankVector = Readonly<Record<RankFeature, number>>;

export interface RankModel {
  readonly bias: number;
  readonly weights: Readonly<Record<RankFeature, number>>;
}

export const DEFAULT_RANK: RankModel = RANK_WEIGHTS;

export function rankVector(f: RankVector): number[] {
  return RANK_FEATURES.map((name) => f[name]);
}

/** The model's probability that the candidate names the answer. */
export function rankProbability(f: RankVector, model: RankModel = DEFAULT_RANK): number {
  return logisticOf(RANK_FEATURES, model, f);
}
