/**
 * One ingest worker thread (`node:worker_threads`), started by `engine/pool.ts`. It does all of
 * a document's CPU work off the main thread: load (uploads), leaves, graph, token counting, and
 * the store write on a connection of its own, so the main thread's event loop never waits on
 * a large or pathological document. Model-free tier only: LexRank summarizer, alignment weigher.
 *
 * Protocol, per task (the main thread orders the commits, so the store ends up as a
 * single-threaded ingest would leave it):
 *   main → { type: "task", id, task }      worker → { type: "loaded", id, docId, hash }
 *   main → { type: "build" | "skip", id }  worker → { type: "built", id, leafTokens, nodes, edges, tokens }
 *   main → { type: "commit" | "cancel", id } worker → { type: "committed", id }
 *   any failure: worker → { type: "error", id, code, message }
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
import { buildDocument, checkDocId, commitDocument, contentHash, type BuildParts, type BuiltDocument } from "./ingest.js";
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
const replies = new Map<number, (message: ToWorker) => void>();

function send(message: ToMain): void {
  port!.postMessage(message);
}

/** The next message for task `id` from the main thread. */
function reply(id: number): Promise<ToWorker> {
  return new Promise((resolve) => replies.set(id, resolve));
}

async function load(task: PoolTask): Promise<LoadedDocument> {
  if (task.kind === "document") return task.doc;
  const loaded = await loadBuffer(task.name, task.bytes, config.load);
  return {
    ...loaded,
    ...definedFields({ docId: task.docId === undefined ? undefined : asDocId(task.docId), title: task.title }),
  };
}

async function run(id: number, task: PoolTask): Promise<void> {
  const doc = await load(task);
  checkDocId(doc.docId);
  send({ type: "loaded", id, docId: doc.docId, title: doc.title, hash: contentHash(doc.text) });
  if ((await reply(id)).type === "skip") return;
  const built: BuiltDocument = await buildDocument(parts, doc);
  send({ type: "built", id, leafTokens: built.leafTokens, nodes: built.graph.nodes.length, edges: built.graph.edges.length, tokens: built.record.tokens });
  if ((await reply(id)).type !== "commit") return;
  store ??= isPostgresUrl(config.dbPath) ? openPostgresStore(config.dbPath) : openSqliteStore(config.dbPath);
  await commitDocument(store, built);
  send({ type: "committed", id });
}

port.on("message", (message: ToWorker) => {
  if (message.type !== "task") {
    const resolve = replies.get(message.id);
    replies.delete(message.id);
    resolve?.(message);
    return;
  }
  run(message.id, message.task).catch((error: unknown) => {
    const e = isPecanError(error) ? error : toPecanError(error);
    send({ type: "error", id: message.id, code: e.code, message: e.message });
  });
});
