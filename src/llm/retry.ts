/**
 * Retry policy of the HTTP providers: exponential backoff with full jitter (AWS Architecture
 * Blog, "Exponential Backoff and Jitter", 2015), `Retry-After` / `retry-after-ms` honoured
 * (RFC 9110 section 10.2.3: seconds or an HTTP date) and capped.
 */
import { abortedError } from "./semaphore.js";

/** Named defaults of the retry policy. */
export const DEFAULT_RETRY = {
  /** Retries after the first attempt. */
  maxRetries: 3,
  /** First backoff ceiling; doubles each retry. */
  baseDelayMs: 500,
  /** Largest backoff ceiling. */
  maxDelayMs: 8_000,
  /** Largest wait a `Retry-After` header can impose. */
  maxRetryAfterMs: 60_000,
} as const;

/** HTTP statuses worth retrying: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Milliseconds a server asked to wait, from `retry-after-ms`, or `retry-after` in seconds or
 * as an HTTP date; undefined when absent or unreadable. Never negative.
 * @example parseRetryAfter(new Headers({ "retry-after": "2" })) // 2000
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt` (0 for the first retry): a server's `Retry-After`
 * (capped) when given, else full jitter `random() * min(maxDelay, base * 2^attempt)`.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: { baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number } = DEFAULT_RETRY,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Waits `ms` milliseconds; an abort ends the wait early (the caller decides what that means). */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Runs `sleep(ms)` but rejects with `E_ABORTED` as soon as `signal` aborts. */
export function sleepUnlessAborted(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.reject(abortedError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(abortedError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    sleep(ms, signal).then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
