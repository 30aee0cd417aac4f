/**
 * Level sizes and windows (PECAN.md section 1.3): a level is cut left to right into windows of
 * consecutive nodes of about `windowTokens` tokens (at least `minWindowNodes` nodes); the
 * hierarchy stops growing when its top is small, when a level does not shrink, or at `maxDepth`.
 * Shared by the level builder and the cost estimate, so both cut the same windows.
 */
import { UsageError } from "../core/errors.js";

/** Sizes of windows and levels. */
export interface LevelOptions {
  /** A window takes consecutive nodes up to about this many tokens... */
  readonly windowTokens: number;
  /** ...and at least this many nodes (a short tail joins the window before it). */
  readonly minWindowNodes: number;
  /** A level of at most this many nodes is small enough to be the top... */
  readonly topMaxNodes: number;
  /** ...as is a level of at most this many tokens. */
  readonly topMaxTokens: number;
  /** Most levels above the leaves. */
  readonly maxDepth: number;
}

/** The defaults of PECAN.md section 1.3. */
export const DEFAULT_LEVELS: LevelOptions = Object.freeze({
  windowTokens: 3000,
  minWindowNodes: 2,
  topMaxNodes: 8,
  topMaxTokens: 1500,
  maxDepth: 6,
});

/** Options merged over the defaults and checked (`E_CONFIG` when out of range). */
export function levelOptions(options: Partial<LevelOptions> = {}): LevelOptions {
  const o = { ...DEFAULT_LEVELS, ...options };
  const positive = (name: keyof LevelOptions, min: number) => {
    const v = o[name];
    if (!Number.isFinite(v) || v < min) throw new UsageError(`level option ${name} must be a number >= ${min}, got ${v}`, { code: "E_CONFIG" });
  };
  positive("windowTokens", 1);
  positive("minWindowNodes", 1);
  positive("topMaxNodes", 1);
  positive("topMaxTokens", 0);
  positive("maxDepth", 0);
  return o;
}

/**
 * Windows of a level, as `[start, end)` index ranges over its nodes' token counts.
 * @example partitionWindows([1000, 1000, 1000, 1000], DEFAULT_LEVELS) // [[0, 4]]: the one-node tail joins the window before it
 */
export function partitionWindows(tokens: readonly number[], options: Pick<LevelOptions, "windowTokens" | "minWindowNodes">): [number, number][] {
  const windows: [number, number][] = [];
  let start = 0;
  while (start < tokens.length) {
    let end = start;
    let sum = 0;
    while (end < tokens.length) {
      const t = tokens[end] as number;
      if (end - start >= options.minWindowNodes && sum + t > options.windowTokens) break;
      sum += t;
      end++;
    }
    windows.push([start, end]);
    start = end;
  }
  const last = windows[windows.length - 1];
  const before = windows[windows.length - 2];
  if (last !== undefined && before !== undefined && last[1] - last[0] < options.minWindowNodes) {
    windows.pop();
    before[1] = last[1];
  }
  return windows;
}

/** True when a level (its nodes' token counts) is small enough to be the top. */
export function isSmallLevel(tokens: readonly number[], options: Pick<LevelOptions, "topMaxNodes" | "topMaxTokens">): boolean {
  return tokens.length <= options.topMaxNodes || sum(tokens) <= options.topMaxTokens;
}

/** True when `next` is smaller than `previous` in nodes or in tokens. */
export function levelShrinks(previous: readonly number[], next: readonly number[]): boolean {
  return next.length < previous.length || sum(next) < sum(previous);
}

/** Sum of numbers. */
export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
