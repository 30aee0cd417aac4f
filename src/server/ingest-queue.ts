/**
 * Ingests one document at a time, and lets questions go first. Graph building is CPU work on
 * the main thread: while a document is being built nothing else runs, so the queue keeps at
 * most one such job in flight and, before each document, yields to the event loop and then
 * waits (up to `maxWaitMs`) until no question is in flight. Questions asked during a long
 * upload thus wait for at most one document's build, not for the whole upload.
 */

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
}

/** Named defaults of the queue. */
export const DEFAULT_INGEST_QUEUE = Object.freeze({ maxWaitMs: 1000 });

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
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    run<T>(job: () => Promise<T>): Promise<T> {
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
