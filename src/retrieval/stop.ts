/**
 * Stop conditions as predicates over the walk's progress (after vercel/ai's stop-condition.ts):
 * the walk checks them in order before each step and records the reason of the one that fired.
 * The token budget is enforced by never choosing a unit that does not fit, so it needs no
 * predicate; `budget` is recorded when nothing that fits is left.
 */

export type StopReason = "sufficient" | "budget" | "max-steps" | "exhausted";

export interface WalkProgress {
  readonly steps: number;
  readonly tokensRead: number;
  /** How many times the judge said "sufficient" so far. */
  readonly sufficientCount: number;
}

export interface StopCondition {
  readonly reason: StopReason;
  test(progress: WalkProgress): boolean;
}

/** Fires once `n` steps have been taken. */
export function stepCountIs(n: number): StopCondition {
  return { reason: "max-steps", test: (p) => p.steps >= n };
}

/** Fires on the judge's `patience`-th "sufficient". */
export function judgeSaysSufficient(patience: number): StopCondition {
  return { reason: "sufficient", test: (p) => p.sufficientCount >= Math.max(1, patience) };
}

/** Fires once `budget` tokens have been read (for callers that check budgets outside the walk). */
export function tokenBudgetExceeded(budget: number): StopCondition {
  return { reason: "budget", test: (p) => p.tokensRead >= budget };
}
