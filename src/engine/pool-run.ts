/**
 * A run of documents through the ingest pool, as `createEngine` runs it: up to `window` in
 * flight (documents and characters; at least two documents), committed in the order given; the
 * first failure stops the run once the documents handed out before it have committed, as an
 * ingest in one thread would. The tasks share one group, so the pool may commit a worker's
 * consecutive documents together.
 */
import type { Store } from "../store/spec.js";
import { checkDocId, unchangedTwin, type IngestedDocument } from "./ingest.js";
import { DEFAULT_POOL, taskChars, type IngestPool, type PoolTask, type RunGroup } from "./pool.js";
import type { IngestOptions } from "./create.js";
import { definedFields } from "../core/objects.js";

/** How much of an ingest may be loaded or building at once. */
export interface PoolWindow {
  readonly documents: number;
  readonly chars: number;
}

/**
 * Room for two runs per worker (one building while the other waits to commit) and one more
 * waiting, within half the pool's queue, so a second ingest through the same pool is not refused.
 */
export function poolWindow(workers: number): PoolWindow {
  const runs = 2 * Math.max(1, workers) + 1;
  return { documents: Math.min(Math.floor(DEFAULT_POOL.maxQueued / 2), runs * DEFAULT_POOL.runDocuments), chars: runs * DEFAULT_POOL.runChars };
}

/** Ingests `tasks` through `workers` into `store` (the pool's workers write; this checks and orders). */
export async function ingestPooled(
  workers: IngestPool,
  store: Store,
  window: PoolWindow,
  tasks: AsyncIterable<PoolTask>,
  ingestOptions: IngestOptions,
): Promise<{ documents: IngestedDocument[]; stopped: boolean }> {
  const results: Promise<IngestedDocument>[] = [];
  let stopped = false;
  const group: RunGroup = {};
  let chars = 0;
  let previous: Promise<unknown> = Promise.resolve();
  let failed = false;
  let settled = 0;
  let sourceError: unknown;
  try {
    for await (const task of tasks) {
      if (failed) break;
      if (ingestOptions.stop?.aborted) {
        stopped = true;
        break;
      }
      const turn = previous.then(() => undefined);
      turn.catch(() => undefined); // a failure is reported once, by the task that failed
      const result = workers.ingest(task, {
        loaded: async (docId, hash) => {
          checkDocId(docId);
          return ingestOptions.force ? undefined : unchangedTwin(store, docId, hash);
        },
        turn,
        group,
        ...definedFields({ onProgress: ingestOptions.onProgress, signal: ingestOptions.signal }),
      });
      const weight = taskChars(task);
      chars += weight;
      result.then(
        () => {
          settled++;
          chars -= weight;
        },
        () => {
          settled++;
          chars -= weight;
          failed = true;
        },
      );
      results.push(result);
      previous = result;
      const full = (): boolean => {
        const inFlight = results.length - settled;
        return inFlight >= 2 && (inFlight >= window.documents || chars >= window.chars);
      };
      while (full() && !failed && !ingestOptions.stop?.aborted) await Promise.race(results.slice(settled)).catch(() => undefined);
    }
  } catch (error) {
    // Loading the next document failed: the ones already handed out still commit, as in one thread.
    sourceError = error;
  }
  group.ended = true;
  const outcomes = await Promise.allSettled(results);
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failure) throw failure.reason;
  if (sourceError !== undefined) throw sourceError;
  return { documents: outcomes.map((o) => (o as PromiseFulfilledResult<IngestedDocument>).value), stopped };
}
