/**
 * A counting semaphore: at most `limit` holders at once, first come first served. Waiting can
 * be cancelled with an AbortSignal (the waiter leaves the queue and gets `E_ABORTED`).
 */
import { PecanError } from "../core/errors.js";

/** Releases a held permit; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
  readonly reject: (error: unknown) => void;
}

/** A counting semaphore; see the file header. */
export class Semaphore {
  readonly limit: number;
  private held = 0;
  private readonly queue: Waiter[] = [];

  /** @example const gate = new Semaphore(4); await gate.run(() => fetch(url)); */
  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  /** Permits held right now. */
  get active(): number {
    return this.held;
  }

  /** Callers waiting for a permit. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Waits for a permit; resolves to its release function. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.held < this.limit) {
      this.held += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(abortedError(signal));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
        reject,
      };
      this.queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Runs `task` while holding a permit. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next.grant(this.releaser());
      else this.held -= 1;
    };
  }
}

/** The error a cancelled wait rejects with. */
export function abortedError(signal?: AbortSignal): PecanError {
  return new PecanError("E_ABORTED", "the operation was cancelled", { cause: signal?.reason });
}
