/**
 * A run of documents through the ingest pool, as `createEngine` runs it: up to `window` in
 * flight, committed in the order given; the first failure stops the run once the documents
 * handed out before it have committed, as an ingest in one thread would.
 */
import type { Store } from "../store/spec.js";
import { checkDocId, unchangedTwin, type IngestedDocument } from "./ingest.js";
import type { IngestPool, PoolTask } from "./pool.js";
import type { IngestOptions } from "./create.js";
import { definedFields } from "../core/objects.js";

/** Ingests `tasks` through `workers` into `store` (the pool's workers write; this checks and orders). */
export async function ingestPooled(
  workers: IngestPool,
  store: Store,
  window: number,
  tasks: AsyncIterable<PoolTask>,
  ingestOptions: IngestOptions,
): Promise<IngestedDocument[]> {
  const results: Promise<IngestedDocument>[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  let failed = false;
  let settled = 0;
  let sourceError: unknown;
  try {
    for await (const task of tasks) {
      if (failed) break;
      const turn = previous.then(() => undefined);
      turn.catch(() => undefined); // a failure is reported once, by the task that failed
      const result = workers.ingest(task, {
        loaded: async (docId, hash) => {
          checkDocId(docId);
          return ingestOptions.force ? undefined : unchangedTwin(store, docId, hash);
        },
        turn,
        ...definedFields({ onProgress: ingestOptions.onProgress, signal: ingestOptions.signal }),
      });
      result.then(
        () => settled++,
        () => {
          settled++;
          failed = true;
        },
      );
      results.push(result);
      previous = result;
      while (results.length - settled >= window && !failed) await Promise.race(results.slice(settled)).catch(() => undefined);
    }
  } catch (error) {
    // Loading the next document failed: the ones already handed out still commit, as in one thread.
    sourceError = error;
  }
  const outcomes = await Promise.allSettled(results);
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failure) throw failure.reason;
  if (sourceError !== undefined) throw sourceError;
  return outcomes.map((o) => (o as PromiseFulfilledResult<IngestedDocument>).value);
}
