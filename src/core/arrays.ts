/**
 * Array helpers safe for arrays of any length. `target.push(...items)` and `Math.max(...xs)`
 * pass every element as a call argument, and V8 throws "Maximum call stack size exceeded" past
 * roughly 100k of them (a 7 MB filing made one graph level of 125k edges). Lint forbids the
 * spread forms in `src/`, `bench/` and `scripts/`; use these instead.
 */

/** Appends every item of `items` to `target` in order; returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest value, or `empty` for an empty list (Math.max() would give -Infinity). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let best = empty;
  let seen = false;
  for (const v of values) {
    if (!seen || v > best) best = v;
    seen = true;
  }
  return best;
}

/** The smallest value, or `empty` for an empty list. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let best = empty;
  let seen = false;
  for (const v of values) {
    if (!seen || v < best) best = v;
    seen = true;
  }
  return best;
}
