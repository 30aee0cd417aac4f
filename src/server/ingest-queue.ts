/**
 * Ingests one upload at a time, and lets questions go first; a full queue refuses with E_BUSY.
 * `pecan serve` ingests in worker threads (`engine/pool.ts`), so the event loop stays free
 * whatever the document; an engine without workers builds on the main thread, and then this
 * queue keeps at most one build in flight and, before each, yields to the event loop and waits
 * (up to `maxWaitMs`) until no question is in flight.
 */

import { PecanError } from "../index.js";

/** A serial queue of async jobs. */
export interface IngestQueue {
  /** Runs `job` after every job queued before it has settled; resolves or rejects as it does. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Jobs queued or running. */
  readonly pending: number;
}

/** Options of the queue. */
export interface IngestQueueOptions {
  /** True when no question is in flight; default: always. */
  readonly idle?: () => boolean;
  /** Longest wait for `idle` before a job starts anyway, so a busy server still ingests. */
  readonly maxWaitMs?: number;
  /** Jobs queued or running at most; one more is refused with `E_BUSY` (HTTP 503, Retry-After). */
  readonly maxPending?: number;
}

/** Named defaults of the queue. */
export const DEFAULT_INGEST_QUEUE = Object.freeze({ maxWaitMs: 1000, maxPending: 64 });

/** Resolves on the next turn of the event loop, after pending I/O callbacks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function waitForIdle(idle: () => boolean, maxWaitMs: number): Promise<void> {
  const end = performance.now() + maxWaitMs;
  while (!idle() && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 2));
}

/**
 * A serial queue.
 * @example const queue = createIngestQueue({ idle: () => questions.active === 0 });
 * await queue.run(() => engine.ingestBuffer(name, bytes));
 */
export function createIngestQueue(options: IngestQueueOptions = {}): IngestQueue {
  const idle = options.idle ?? (() => true);
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_INGEST_QUEUE.maxWaitMs;
  const maxPending = options.maxPending ?? DEFAULT_INGEST_QUEUE.maxPending;
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    run<T>(job: () => Promise<T>): Promise<T> {
      if (pending >= maxPending) {
        return Promise.reject(new PecanError("E_BUSY", `${pending} uploads are being ingested already; try again shortly`));
      }
      pending += 1;
      const result = tail.then(async () => {
        await yieldToEventLoop();
        await waitForIdle(idle, maxWaitMs);
        return job();
      });
      tail = result
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          pending -= 1;
        });
      return result;
    },
    get pending() {
      return pending;
    },
  };
}

/** Counts work in flight (the server's questions). */
export interface Activity {
  /** Marks one piece of work as started; call the returned function once when it ends. */
  begin(): () => void;
  readonly active: number;
}

/** A counter of work in flight. */
export function createActivity(): Activity {
  let active = 0;
  return {
    begin() {
      active += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        active -= 1;
      };
    },
    get active() {
      return active;
    },
  };
}
