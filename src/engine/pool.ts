/**
 * A pool of ingest worker threads (`engine/worker.ts`), one per core by default, with a bounded
 * queue. The server and the CLI ingest through it so that loading, leaves, graph building,
 * token counting and the store write run off the main thread: questions and `/health` answer
 * while any document is ingested, and a multi-document ingest uses every core. Commits happen
 * in the order the documents were given (each task waits for its `turn`), so the store is what
 * a single-threaded ingest would leave. Consecutive tasks of one ingest (`TaskHooks.group`) go
 * to a worker as a run, built one after the other and committed in one transaction: a SQLite
 * commit rewrites every page of the term-clustered postings its documents touch, so committing
 * each document alone wrote the postings about seven times over (docs/scaling.md). A full queue
 * refuses with `E_BUSY`.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { InputError, PecanError, type ErrorCode } from "../core/errors.js";
import { asDocId, type DocId } from "../core/ids.js";
import type { LoadedDocument } from "../core/types.js";
import type { IngestedDocument, IngestProgress } from "./ingest.js";
import type { PoolConfig, PoolTask, ToMain, ToWorker } from "./pool-protocol.js";

export type { PoolConfig, PoolTask } from "./pool-protocol.js";

/** Named defaults of the pool. */
export const DEFAULT_POOL = Object.freeze({
  /** Tasks waiting for a free worker before `E_BUSY`. */
  maxQueued: 64,
  /** Documents of one group a worker takes as a run at most. */
  runDocuments: 16,
  /** Characters of text (or bytes of an upload) a run takes at most; its first task always. */
  runChars: 1_000_000,
});

export interface PoolOptions {
  /** Worker threads at most (started as needed); default: one per core. */
  readonly workers?: number;
  readonly maxQueued?: number;
  readonly runDocuments?: number;
  readonly runChars?: number;
}

/**
 * The tasks of one multi-document ingest. Once `ended` is set (no task of the group is to come),
 * the pool splits what is left of it among its workers in smaller runs, so the ingest does not
 * end with one worker building a full run while the others wait.
 */
export interface RunGroup {
  ended?: boolean;
}

/** What the caller decides and learns while one task runs. */
export interface TaskHooks {
  /** After loading: the stored twin to report instead (unchanged content), or undefined to build. */
  readonly loaded: (docId: DocId, hash: string) => Promise<IngestedDocument | undefined>;
  /** Settles when this task may commit (every task before it has); a rejection cancels it. */
  readonly turn: Promise<void>;
  /**
   * Tasks given in a row with the same group (one multi-document ingest) may run in one worker
   * and commit together; their turns must chain in the order given. Without it, a task runs alone.
   */
  readonly group?: RunGroup;
  readonly onProgress?: (event: IngestProgress) => void;
  readonly signal?: AbortSignal;
}

export interface IngestPool {
  /** Ingests one document in a worker; resolves once it is committed (or skipped). */
  ingest(task: PoolTask, hooks: TaskHooks): Promise<IngestedDocument>;
  /** Tasks waiting for a worker. */
  readonly queued: number;
  /** Tasks running in workers. */
  readonly running: number;
  /** Ends every worker; tasks not finished reject with `E_ABORTED`. */
  close(): Promise<void>;
}

interface Job {
  readonly id: number;
  readonly task: PoolTask;
  readonly hooks: TaskHooks;
  readonly started: number;
  readonly resolve: (doc: IngestedDocument) => void;
  readonly reject: (error: unknown) => void;
  slot?: Slot;
  docId?: DocId;
  title?: string;
  /** Set once the job is built, skipped or failed: what the run waits for before committing. */
  state?: "built" | "skipped" | "failed";
  built?: Extract<ToMain, { type: "built" }>;
  done?: boolean;
}

/** Consecutive jobs one worker builds in turn and commits in one transaction. */
interface Run {
  readonly id: number;
  readonly slot: Slot;
  readonly jobs: Job[];
  committing?: boolean;
}

/**
 * A worker and its runs: at most two, the second taken once the first is built and waits for its
 * turn to commit, so a worker builds on while the run before its own commits elsewhere.
 */
interface Slot {
  readonly worker: Worker;
  readonly runs: Run[];
  /** Called when the worker has closed its store connection (`closeSlot`). */
  closed?: () => void;
}

/** How long closing the pool waits for an idle worker to close its store connection. */
const CLOSE_WAIT_MS = 5_000;

/** Whether a slot can take a run: it has none, or one that is built and waits to commit. */
function isFree(slot: Slot): boolean {
  return slot.runs.length === 0 || (slot.runs.length === 1 && slot.runs[0]!.committing === true);
}

const INPUT_CODES = new Set<ErrorCode>(["E_INPUT_EMPTY", "E_INPUT_BINARY", "E_INPUT_TOO_LARGE", "E_INPUT_MALFORMED", "E_INPUT_UNSUPPORTED", "E_PDF_UNREADABLE", "E_FILE_UNREADABLE"]);

function errorOf(code: ErrorCode, message: string): PecanError {
  return INPUT_CODES.has(code) ? new InputError(code, message) : new PecanError(code, message);
}

/** The compiled worker script; from TypeScript sources (the tests), the built one in dist/. */
function workerUrl(): URL {
  const here = new URL("./worker.js", import.meta.url);
  if (!import.meta.url.endsWith(".ts")) return here;
  return new URL(import.meta.url.replace(/\/src\/engine\/pool\.ts$/, "/dist/src/engine/worker.js"));
}

/**
 * The limits of a run taken from the last `documents` tasks of an ended group (`chars` of text
 * in all): a share of what is left for each of twice the workers, within the usual limits, so
 * the last runs are small and end together. On the dev collection (two workers) the ingest
 * ended 0.3 to 0.5 s sooner in each of six interleaved pairs (about 3%); before, one worker
 * built the last full run while the other, its run built, waited for its turn.
 * @example lastRunLimits(20, 400_000, 2, { documents: 16, chars: 1_000_000 }) // { documents: 5, chars: 100000 }
 */
export function lastRunLimits(documents: number, chars: number, workers: number, limits: { documents: number; chars: number }): { documents: number; chars: number } {
  const parts = 2 * Math.max(1, workers);
  return { documents: Math.max(1, Math.min(limits.documents, Math.ceil(documents / parts))), chars: Math.min(limits.chars, Math.ceil(chars / parts)) };
}

/** How much a task weighs against `runChars`. */
export function taskChars(task: PoolTask): number {
  return task.kind === "document" ? task.doc.text.length : task.bytes.length;
}

/**
 * A pool writing to the store at `config.dbPath` (a SQLite file or a postgres:// URL).
 * @example
 * const pool = createIngestPool({ dbPath: "pecan.db", chunk: {}, levels: {}, load: {} });
 * await pool.ingest({ kind: "buffer", name: "a.txt", bytes }, { loaded: () => Promise.resolve(undefined), turn: Promise.resolve() });
 */
export function createIngestPool(config: PoolConfig, options: PoolOptions = {}): IngestPool {
  const size = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const maxQueued = options.maxQueued ?? DEFAULT_POOL.maxQueued;
  const runDocuments = Math.max(1, options.runDocuments ?? DEFAULT_POOL.runDocuments);
  const runChars = options.runChars ?? DEFAULT_POOL.runChars;
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;
  let lastStamp = 0;

  const post = (slot: Slot, message: ToWorker): void => slot.worker.postMessage(message);

  function finish(job: Job, outcome: { doc: IngestedDocument } | { error: unknown }): void {
    if (job.done) return;
    job.done = true;
    const slot = job.slot;
    if (slot) {
      job.slot = undefined;
      const at = slot.runs.findIndex((run) => run.jobs.every((j) => j.done));
      if (at >= 0) slot.runs.splice(at, 1);
      if (slot.runs.length === 0) slot.worker.unref(); // an idle worker does not keep the process alive
    } else {
      const at = waiting.indexOf(job);
      if (at >= 0) waiting.splice(at, 1);
    }
    if ("doc" in outcome) job.resolve(outcome.doc);
    else job.reject(outcome.error);
    dispatch();
  }

  function drop(slot: Slot, error: unknown): void {
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    void slot.worker.terminate();
    for (const run of [...slot.runs]) for (const job of run.jobs) finish(job, { error });
  }

  /**
   * Ends a worker: an idle one closes its store connection first (at most `CLOSE_WAIT_MS`), so
   * the main thread's connection, closed last, leaves the SQLite store as one file; a busy one
   * is terminated at once, as `drop` does.
   */
  async function closeSlot(slot: Slot, error: unknown): Promise<void> {
    if (slot.runs.length === 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        slot.closed = resolve;
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
        post(slot, { type: "close" });
      });
      clearTimeout(timer);
    }
    drop(slot, error);
  }

  function spawn(): Slot {
    const worker = new Worker(workerUrl(), { workerData: config });
    const slot: Slot = { worker, runs: [] };
    worker.on("message", (message: ToMain) => {
      if (message.type === "closed") return slot.closed?.();
      for (const run of slot.runs) {
        if (message.type === "committed" && message.id === run.id) return committed(run.jobs);
        const job = run.jobs.find((j) => j.id === message.id);
        if (job !== undefined && !job.done) return onMessage(run, job, message);
      }
    });
    worker.on("error", (error) => drop(slot, new PecanError("E_INTERNAL", `an ingest worker failed: ${error.message}`, { cause: error })));
    worker.on("exit", (code) => {
      if (slots.includes(slot)) drop(slot, new PecanError("E_INTERNAL", `an ingest worker exited with code ${code}`));
    });
    worker.unref();
    slots.push(slot);
    return slot;
  }

  /** Once every job of the run is built, skipped or failed: commit the built ones at the first one's turn. */
  function maybeCommit(run: Run): void {
    if (run.committing || run.jobs.some((j) => j.state === undefined)) return;
    run.committing = true;
    const built = run.jobs.filter((j) => j.state === "built" && !j.done);
    const first = built[0];
    const slot = run.slot;
    dispatch(); // the worker may take its next run while this one waits for its turn
    // The worker waits for a commit or a cancel even when its jobs have all failed or been skipped.
    if (first === undefined) {
      if (slots.includes(slot)) post(slot, { type: "cancel", id: run.id });
      return;
    }
    first.hooks.turn.then(
      () => {
        if (!slot.runs.includes(run)) return;
        // Ingest times increase in commit order, across workers: a run's documents a ms apart.
        const at = Math.max(Date.now(), lastStamp + 1);
        lastStamp = at + built.length - 1;
        post(slot, { type: "commit", id: run.id, at });
      },
      (error: unknown) => {
        if (slots.includes(slot)) post(slot, { type: "cancel", id: run.id });
        for (const job of built) finish(job, { error });
      },
    );
  }

  function committed(jobs: readonly Job[]): void {
    for (const job of jobs) {
      if (job.state !== "built" || job.done) continue;
      const built = job.built!;
      job.hooks.onProgress?.({ docId: job.docId!, phase: "done", tokens: built.leafTokens });
      finish(job, {
        doc: { docId: job.docId!, title: job.title!, tokens: built.tokens, nodes: built.nodes, edges: built.edges, ms: performance.now() - job.started },
      });
    }
  }

  function onMessage(run: Run, job: Job, message: Exclude<ToMain, { type: "closed" }>): void {
    const slot = job.slot!;
    if (message.type === "committed") return committed([job]);
    if (message.type === "error") {
      const error = errorOf(message.code, message.message);
      // The worker stops its run at a failure: the jobs after it fail as they would in one thread.
      const later = run.jobs.slice(run.jobs.indexOf(job) + 1).filter((j) => !j.done);
      job.state = "failed";
      for (const j of later) j.state = "failed";
      finish(job, { error });
      for (const j of later) finish(j, { error });
      maybeCommit(run);
      return;
    }
    if (message.type === "loaded") {
      job.docId = asDocId(message.docId);
      job.title = message.title;
      job.hooks.loaded(job.docId, message.hash).then(
        (twin) => {
          if (job.slot !== slot) return; // cancelled meanwhile
          post(slot, { type: twin ? "skip" : "build", id: job.id });
          if (!twin) return;
          job.state = "skipped";
          maybeCommit(run);
          // Still in order: an unchanged document reports when the ones before it have committed.
          job.hooks.turn.then(
            () => finish(job, { doc: { ...twin, ms: performance.now() - job.started } }),
            (error: unknown) => finish(job, { error }),
          );
        },
        (error: unknown) => {
          if (job.slot === slot) post(slot, { type: "skip", id: job.id });
          job.state = "failed";
          finish(job, { error });
          maybeCommit(run);
        },
      );
      return;
    }
    job.built = message;
    job.state = "built";
    job.hooks.onProgress?.({ docId: job.docId!, phase: "graph", tokens: message.leafTokens });
    maybeCommit(run);
  }

  /** The next run: the first waiting job and those after it of the same group, within the run's limits. */
  function takeRun(): Job[] {
    const first = waiting.shift()!;
    const jobs = [first];
    if (first.hooks.group === undefined) return jobs;
    let chars = taskChars(first.task);
    let maxDocuments = runDocuments;
    let maxChars = runChars;
    if (first.hooks.group.ended === true) {
      let leftChars = chars;
      let left = 1;
      for (const job of waiting) {
        if (job.hooks.group !== first.hooks.group) break;
        leftChars += taskChars(job.task);
        left++;
      }
      ({ documents: maxDocuments, chars: maxChars } = lastRunLimits(left, leftChars, size, { documents: runDocuments, chars: runChars }));
    }
    while (jobs.length < maxDocuments) {
      const next = waiting[0];
      if (next === undefined || next.hooks.group !== first.hooks.group || chars + taskChars(next.task) > maxChars) break;
      // A document given twice is compared with the store after the first is committed.
      if (next.task.kind === "document" && jobs.some((j) => j.task.kind === "document" && j.task.doc.docId === (next.task as { doc: LoadedDocument }).doc.docId)) break;
      chars += taskChars(next.task);
      jobs.push(waiting.shift()!);
    }
    return jobs;
  }

  function dispatch(): void {
    while (waiting.length > 0 && !closed) {
      const slot = slots.find((s) => s.runs.length === 0) ?? (slots.length < size ? spawn() : slots.find(isFree));
      if (!slot) return;
      const jobs = takeRun();
      const run: Run = { id: nextId++, slot, jobs };
      for (const job of jobs) job.slot = slot;
      slot.runs.push(run);
      slot.worker.ref();
      post(slot, { type: "run", id: run.id, tasks: jobs.map((job) => ({ id: job.id, task: job.task })) });
    }
  }

  return {
    ingest(task, hooks) {
      if (closed) return Promise.reject(new PecanError("E_ABORTED", "the ingest pool is closed"));
      if (waiting.length >= maxQueued) {
        return Promise.reject(new PecanError("E_BUSY", `${waiting.length} documents are waiting to be ingested; try again shortly`));
      }
      return new Promise<IngestedDocument>((resolve, reject) => {
        const job: Job = { id: nextId++, task, hooks, started: performance.now(), resolve, reject };
        const signal = hooks.signal;
        if (signal) {
          if (signal.aborted) return reject(new PecanError("E_ABORTED", "the ingest was cancelled"));
          signal.addEventListener(
            "abort",
            () => {
              const error = new PecanError("E_ABORTED", "the ingest was cancelled");
              if (job.slot) drop(job.slot, error);
              else if (waiting.includes(job)) finish(job, { error });
            },
            { once: true },
          );
        }
        waiting.push(job);
        dispatch();
      });
    },
    get queued() {
      return waiting.length;
    },
    get running() {
      return slots.reduce((n, s) => n + s.runs.reduce((m, run) => m + run.jobs.filter((j) => !j.done).length, 0), 0);
    },
    async close() {
      closed = true;
      const error = new PecanError("E_ABORTED", "the ingest pool was closed");
      for (const job of [...waiting]) finish(job, { error });
      await Promise.all([...slots].map((slot) => closeSlot(slot, error)));
    },
  };
}
