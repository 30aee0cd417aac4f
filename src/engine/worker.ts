/**
 * One ingest worker thread (`node:worker_threads`), started by `engine/pool.ts`. It does all of
 * a document's CPU work off the main thread: load (uploads), leaves, graph, token counting, and
 * the store write on a connection of its own, so the main thread's event loop never waits on
 * a large or pathological document. Model-free tier only: LexRank summarizer, alignment weigher.
 *
 * Protocol, per run of tasks (consecutive documents of one ingest; the main thread orders the
 * runs' commits, so the store ends up as a single-threaded ingest would leave it):
 *   main → { type: "run", id, tasks: [{ id, task }] }
 *   for each task in order:  worker → { type: "loaded", id, docId, hash }
 *                            main → { type: "build" | "skip", id }
 *                            worker → { type: "built", id, leafTokens, nodes, edges, tokens }
 *   main → { type: "commit" | "cancel", id: run }   worker → { type: "committed", id: run }
 *   any failure: worker → { type: "error", id, code, message }, and the run's later tasks stop.
 * The built documents of a run are put in one transaction (`Store.putDocuments`); when that
 * fails they are put one by one, so those before the failing one are stored, as in one thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isPecanError, toPecanError } from "../core/errors.js";
import { asDocId } from "../core/ids.js";
import type { LoadedDocument } from "../core/types.js";
import { loadBuffer } from "../ingest/index.js";
import { createSummarizer, createWeigher } from "../graph/index.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { isPostgresUrl, openPostgresStore } from "../store/postgres/index.js";
import type { Store } from "../store/spec.js";
import { buildDocument, checkDocId, commitRun, contentHash, type BuildParts, type BuiltDocument } from "./ingest.js";
import type { PoolConfig, PoolTask, ToMain, ToWorker } from "./pool-protocol.js";
import { definedFields } from "../core/objects.js";

const port = parentPort;
if (port === null) throw new Error("engine/worker.ts runs in a worker thread");
const config = workerData as PoolConfig;
const parts: BuildParts = {
  summarizer: createSummarizer("lexrank"),
  weigher: createWeigher("alignment"),
  chunk: config.chunk,
  levels: config.levels,
};
let store: Store | undefined;
/** Messages for a task or run that nobody awaits yet, and the waiters for those not yet here. */
const mailbox = new Map<number, ToWorker>();
const waiters = new Map<number, (message: ToWorker) => void>();

function send(message: ToMain): void {
  port!.postMessage(message);
}

/** The next message for task or run `id` from the main thread. */
function reply(id: number): Promise<ToWorker> {
  const early = mailbox.get(id);
  if (early !== undefined) {
    mailbox.delete(id);
    return Promise.resolve(early);
  }
  return new Promise((resolve) => waiters.set(id, resolve));
}

async function load(task: PoolTask): Promise<LoadedDocument> {
  if (task.kind === "document") return task.doc;
  const loaded = await loadBuffer(task.name, task.bytes, config.load);
  return {
    ...loaded,
    ...definedFields({ docId: task.docId === undefined ? undefined : asDocId(task.docId), title: task.title }),
  };
}

function fail(id: number, error: unknown): void {
  const e = isPecanError(error) ? error : toPecanError(error);
  send({ type: "error", id, code: e.code, message: e.message });
}

/** Loads and builds one task; undefined when skipped. */
async function build(id: number, task: PoolTask): Promise<BuiltDocument | undefined> {
  const doc = await load(task);
  checkDocId(doc.docId);
  send({ type: "loaded", id, docId: doc.docId, title: doc.title, hash: contentHash(doc.text) });
  if ((await reply(id)).type === "skip") return undefined;
  const built: BuiltDocument = await buildDocument(parts, doc);
  send({ type: "built", id, leafTokens: built.leafTokens, nodes: built.graph.nodes.length, edges: built.graph.edges.length, tokens: built.record.tokens });
  return built;
}

async function run(runId: number, tasks: readonly { readonly id: number; readonly task: PoolTask }[]): Promise<void> {
  const built: { id: number; built: BuiltDocument }[] = [];
  for (const { id, task } of tasks) {
    try {
      const one = await build(id, task);
      if (one !== undefined) built.push({ id, built: one });
    } catch (error) {
      fail(id, error);
      break;
    }
  }
  const order = await reply(runId);
  if (order.type !== "commit") return;
  store ??= isPostgresUrl(config.dbPath) ? openPostgresStore(config.dbPath) : openSqliteStore(config.dbPath);
  const { stored, error } = await commitRun(store, built.map((b) => b.built), order.at);
  if (error === undefined) return send({ type: "committed", id: runId });
  for (const { id } of built.slice(0, stored)) send({ type: "committed", id });
  fail(built[stored]!.id, error);
}

port.on("message", (message: ToWorker) => {
  if (message.type === "close") {
    // The last connection to close folds the write-ahead log into the file and removes it; a
    // terminated thread's connection never closes, and left the log (up to 128 MB) behind.
    const closing = store;
    store = undefined;
    void (closing?.close() ?? Promise.resolve()).then(
      () => send({ type: "closed" }),
      () => send({ type: "closed" }),
    );
    return;
  }
  if (message.type !== "run") {
    const resolve = waiters.get(message.id);
    waiters.delete(message.id);
    if (resolve) resolve(message);
    else mailbox.set(message.id, message);
    return;
  }
  run(message.id, message.tasks).catch((error: unknown) => fail(message.tasks[0]?.id ?? message.id, error));
});
