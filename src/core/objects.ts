/**
 * The conditional-spread idiom, once: `{ ...(x !== undefined ? { x } : {}) }` written as
 * `{ ...definedFields({ x }) }`. Options objects are merged over defaults with spreads, where a
 * key present with `undefined` would override the default; this keeps such keys out.
 */

/** Keys of `T` whose values may be undefined become optional and lose `undefined`. */
export type DefinedFields<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * A copy of `fields` without the keys whose value is `undefined` (null, 0, "" and false stay).
 * @example { budget: 500, ...definedFields({ signal: options.signal }) } // no `signal` key when none was given
 */
export function definedFields<T extends Record<string, unknown>>(fields: T): DefinedFields<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as DefinedFields<T>;
}
