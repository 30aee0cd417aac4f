/**
 * A pool of ingest worker threads (`engine/worker.ts`), one per core by default, with a bounded
 * queue. The server and the CLI ingest through it so that loading, leaves, graph building,
 * token counting and the store write run off the main thread: questions and `/health` answer
 * while any document is ingested, and a multi-document ingest uses every core. Commits happen
 * in the order the documents were given (each task waits for its `turn`), so the store is what
 * a single-threaded ingest would leave. A full queue refuses with `E_BUSY`.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { InputError, PecanError, type ErrorCode } from "../core/errors.js";
import { asDocId, type DocId } from "../core/ids.js";
import type { IngestedDocument, IngestProgress } from "./ingest.js";
import type { PoolConfig, PoolTask, ToMain, ToWorker } from "./pool-protocol.js";

export type { PoolConfig, PoolTask } from "./pool-protocol.js";

/** Named defaults of the pool. */
export const DEFAULT_POOL = Object.freeze({
  /** Tasks waiting for a free worker before `E_BUSY`. */
  maxQueued: 64,
});

export interface PoolOptions {
  /** Worker threads at most (started as needed); default: one per core. */
  readonly workers?: number;
  readonly maxQueued?: number;
}

/** What the caller decides and learns while one task runs. */
export interface TaskHooks {
  /** After loading: the stored twin to report instead (unchanged content), or undefined to build. */
  readonly loaded: (docId: DocId, hash: string) => Promise<IngestedDocument | undefined>;
  /** Settles when this task may commit (every task before it has); a rejection cancels it. */
  readonly turn: Promise<void>;
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
  built?: Extract<ToMain, { type: "built" }>;
}

interface Slot {
  readonly worker: Worker;
  job?: Job;
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
 * A pool writing to the store at `config.dbPath` (a SQLite file or a postgres:// URL).
 * @example
 * const pool = createIngestPool({ dbPath: "pecan.db", chunk: {}, levels: {}, load: {} });
 * await pool.ingest({ kind: "buffer", name: "a.txt", bytes }, { loaded: () => Promise.resolve(undefined), turn: Promise.resolve() });
 */
export function createIngestPool(config: PoolConfig, options: PoolOptions = {}): IngestPool {
  const size = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const maxQueued = options.maxQueued ?? DEFAULT_POOL.maxQueued;
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;

  const post = (slot: Slot, message: ToWorker): void => slot.worker.postMessage(message);

  function finish(job: Job, outcome: { doc: IngestedDocument } | { error: unknown }): void {
    if (job.slot) {
      job.slot.job = undefined;
      job.slot.worker.unref(); // an idle worker does not keep the process alive
      job.slot = undefined;
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
    if (slot.job) finish(slot.job, { error });
  }

  function spawn(): Slot {
    const worker = new Worker(workerUrl(), { workerData: config });
    const slot: Slot = { worker };
    worker.on("message", (message: ToMain) => {
      const job = slot.job;
      if (job?.id === message.id) onMessage(job, message);
    });
    worker.on("error", (error) => drop(slot, new PecanError("E_INTERNAL", `an ingest worker failed: ${error.message}`, { cause: error })));
    worker.on("exit", (code) => {
      if (slots.includes(slot)) drop(slot, new PecanError("E_INTERNAL", `an ingest worker exited with code ${code}`));
    });
    worker.unref();
    slots.push(slot);
    return slot;
  }

  function onMessage(job: Job, message: ToMain): void {
    const slot = job.slot!;
    if (message.type === "error") return finish(job, { error: errorOf(message.code, message.message) });
    if (message.type === "loaded") {
      job.docId = asDocId(message.docId);
      job.title = message.title;
      job.hooks.loaded(job.docId, message.hash).then(
        (twin) => {
          if (job.slot !== slot) return; // cancelled meanwhile
          post(slot, { type: twin ? "skip" : "build", id: job.id });
          if (!twin) return;
          // Still in order: an unchanged document reports when the ones before it have committed.
          job.hooks.turn.then(
            () => finish(job, { doc: { ...twin, ms: performance.now() - job.started } }),
            (error: unknown) => finish(job, { error }),
          );
        },
        (error: unknown) => {
          if (job.slot === slot) post(slot, { type: "skip", id: job.id });
          finish(job, { error });
        },
      );
      return;
    }
    if (message.type === "built") {
      job.built = message;
      job.hooks.onProgress?.({ docId: job.docId!, phase: "graph", tokens: message.leafTokens });
      job.hooks.turn.then(
        () => {
          if (job.slot) post(job.slot, { type: "commit", id: job.id });
        },
        (error: unknown) => {
          if (job.slot) post(job.slot, { type: "cancel", id: job.id });
          finish(job, { error });
        },
      );
      return;
    }
    const built = job.built!;
    job.hooks.onProgress?.({ docId: job.docId!, phase: "done", tokens: built.leafTokens });
    finish(job, {
      doc: { docId: job.docId!, title: job.title!, tokens: built.tokens, nodes: built.nodes, edges: built.edges, ms: performance.now() - job.started },
    });
  }

  function dispatch(): void {
    while (waiting.length > 0 && !closed) {
      const slot = slots.find((s) => s.job === undefined) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const job = waiting.shift()!;
      job.slot = slot;
      slot.job = job;
      slot.worker.ref();
      post(slot, { type: "task", id: job.id, task: job.task });
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
      return slots.filter((s) => s.job !== undefined).length;
    },
    async close() {
      closed = true;
      const error = new PecanError("E_ABORTED", "the ingest pool was closed");
      for (const job of [...waiting]) finish(job, { error });
      await Promise.all([...slots].map(async (slot) => drop(slot, error)));
    },
  };
}
