/**
 * Stop conditions as predicates over the walk's progress (after vercel/ai's stop-condition.ts):
 * the walk checks them in order before each step and records the reason of the one that fired.
 * The token budget is enforced by never choosing a unit that does not fit, so `budget` fires
 * when nothing that fits is left, or when the judge can no longer be asked.
 */

export type StopReason = "sufficient" | "budget" | "max-steps" | "exhausted";

export interface WalkProgress {
  readonly steps: number;
  readonly tokensRead: number;
  /** How many times the judge said "sufficient" so far. */
  readonly sufficientCount: number;
  /** Units not yet read. */
  readonly unread: number;
  /** Whether an unread unit fits in what is left of the budget. */
  readonly nextFits: boolean;
  /** The judge said it cannot be asked again (its own token budget is spent). */
  readonly judgeSpent: boolean;
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

/** Fires when the judge can no longer be asked: the walk ends there, on budget. */
export function judgeIsSpent(): StopCondition {
  return { reason: "budget", test: (p) => p.judgeSpent };
}

/** Fires when every unit has been read. */
export function nothingUnread(): StopCondition {
  return { reason: "exhausted", test: (p) => p.unread === 0 };
}

/** Fires when units are left but none fits in what is left of the budget. */
export function nothingFits(): StopCondition {
  return { reason: "budget", test: (p) => !p.nextFits };
}
