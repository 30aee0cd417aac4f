import { describe, expect, it } from "vitest";
import { isRetryableStatus, parseRetryAfter, retryDelay, sleepUnlessAborted, DEFAULT_RETRY } from "./retry.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:07 GMT" }), now)).toBe(7000);
  });
  it("ignores absent or unreadable values and never goes negative", () => {
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "Tue, 31 Dec 2024 23:00:00 GMT" }), now)).toBe(0);
  });
});

describe("retryDelay", () => {
  it("uses full jitter under a doubling ceiling", () => {
    expect(retryDelay(0, undefined, DEFAULT_RETRY, () => 0.999)).toBe(499);
    expect(retryDelay(3, undefined, DEFAULT_RETRY, () => 0.5)).toBe(2000);
    expect(retryDelay(10, undefined, DEFAULT_RETRY, () => 0.5)).toBe(4000);
    expect(retryDelay(1, undefined, DEFAULT_RETRY, () => 0)).toBe(0);
  });
  it("prefers the server's wait, capped", () => {
    expect(retryDelay(0, 1234, DEFAULT_RETRY, () => 0.5)).toBe(1234);
    expect(retryDelay(0, 10 * 60_000, DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxRetryAfterMs);
  });
});

describe("isRetryableStatus", () => {
  it("retries rate limits and server errors only", () => {
    expect([408, 409, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe("sleepUnlessAborted", () => {
  it("rejects with E_ABORTED when the signal aborts during the wait", async () => {
    const controller = new AbortController();
    const never = () => new Promise<void>(() => undefined);
    const waiting = sleepUnlessAborted(never, 10_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: "E_ABORTED" });
  });
});
