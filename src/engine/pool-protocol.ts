/** Messages between the ingest pool (main thread) and its workers; see `engine/worker.ts`. */
import type { ErrorCode } from "../core/errors.js";
import type { LoadedDocument } from "../core/types.js";
import type { ChunkOptions } from "../ingest/chunk.js";
import type { LoadOptions } from "../ingest/loaders/load-options.js";
import type { LevelOptions } from "../graph/levels.js";

/** What every worker of a pool is started with. */
export interface PoolConfig {
  /** The store the worker writes to, on a connection of its own: a SQLite file (WAL lets readers go on) or a postgres:// URL. */
  readonly dbPath: string;
  readonly chunk: Partial<ChunkOptions>;
  readonly levels: Partial<LevelOptions>;
  readonly load: Partial<LoadOptions>;
}

/** One document to ingest: already loaded, or an upload's bytes to load in the worker. */
export type PoolTask =
  | { readonly kind: "document"; readonly doc: LoadedDocument }
  | { readonly kind: "buffer"; readonly name: string; readonly bytes: Uint8Array; readonly docId?: string; readonly title?: string };

/**
 * A run's tasks are loaded and built in order; `build` / `skip` answer each task's `loaded`;
 * `commit` / `cancel` carry the run's id and end the run.
 */
export type ToWorker =
  | { readonly type: "run"; readonly id: number; readonly tasks: readonly { readonly id: number; readonly task: PoolTask }[] }
  | { readonly type: "build" | "skip" | "cancel"; readonly id: number }
  /** `at`: the first document's ingest time in ms, the next ones a ms apart (the pool keeps them increasing across workers). */
  | { readonly type: "commit"; readonly id: number; readonly at: number }
  /** The pool is closing: close the store connection and answer `closed`. */
  | { readonly type: "close" };

export type ToMain =
  | { readonly type: "loaded"; readonly id: number; readonly docId: string; readonly title: string; readonly hash: string }
  | { readonly type: "built"; readonly id: number; readonly leafTokens: number; readonly nodes: number; readonly edges: number; readonly tokens: number }
  /** The run (its id) is committed, every task of it that was built; or one task (its id) when the run's commit failed and its tasks were put one by one. */
  | { readonly type: "committed"; readonly id: number }
  | { readonly type: "error"; readonly id: number; readonly code: ErrorCode; readonly message: string }
  | { readonly type: "closed" };
