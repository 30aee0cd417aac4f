/**
 * The Judge signal (PECAN §3.2, dynamic progress control): after a step of the walk, or on its
 * schedule, a judge decides whether what was read is enough. Plain types; the calibrated
 * (model-free) and LLM judges implement them, and the walk consults whichever it is given.
 */
import type { Query } from "../retrieval/query.js";
import type { Relevance, UnitRef } from "../retrieval/relevance.js";
import type { DocUnits } from "../retrieval/units.js";

/** What a judge sees after a step. */
export interface JudgeInput {
  readonly query: Query;
  readonly view: readonly DocUnits[];
  readonly relevance: Relevance;
  /** Read units in reading order. */
  readonly read: readonly UnitRef[];
  readonly tokensRead: number;
  readonly budget: number;
  /** Best score among units still unread (0 when none). */
  readonly bestUnreadScore: number;
  readonly signal?: AbortSignal;
}

export interface Verdict {
  readonly sufficient: boolean;
  /** Estimated probability that the answer is in what was read. */
  readonly probability: number;
  /**
   * The judge cannot be asked again (an LLM judge whose per-question token budget is spent):
   * the walk stops there, on budget, and records no probability for this call.
   */
  readonly spent?: boolean;
}

/**
 * When a judge is consulted: first once `first` context tokens are read, then each time what was
 * read has grown by the factor `growth`. A judge that sees everything read pays for it at every
 * call, so consulting it after every sentence would cost the square of the context; on this
 * schedule its calls read at most `growth / (growth - 1)` times the context in all, and the walk
 * overshoots its best stop by at most that factor.
 */
export interface JudgeSchedule {
  readonly first: number;
  readonly growth: number;
}

/** Decides whether what was read is enough, after each step or on its schedule. */
export interface Judge {
  /** `calibrated:v1`, `llm:openai:...`, ... recorded in every trace. */
  readonly id: string;
  /** Absent: consulted after every step (a judge that costs nothing to ask). */
  readonly schedule?: JudgeSchedule;
  judge(input: JudgeInput): Verdict | Promise<Verdict>;
}
