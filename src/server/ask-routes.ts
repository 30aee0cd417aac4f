/**
 * `/ask` (JSON in, the `ask --json` shape out) and `/ask/stream` (the same question as
 * Server-Sent Events). Each question runs with its own abort signal: a client that goes away
 * stops its walk; questions share nothing but the engine's read-only caches.
 */
import { Hono } from "hono";
import { asDocId, UsageError, type AskEvent, type AskOptions, type AskResult, type Engine } from "../index.js";
import { AskBody, readJson } from "./schemas.js";
import { askJson } from "./shapes.js";
import { askEventStream } from "./sse.js";
import { createActivity, type Activity } from "./ingest-queue.js";

/** The engine options of a parsed ask body. */
export function askOptionsOf(body: AskBody, signal: AbortSignal): AskOptions {
  return {
    signal,
    ...(body.docIds && body.docIds.length > 0 ? { docIds: body.docIds.map(asDocId) } : {}),
    ...(body.budget !== undefined ? { budget: body.budget } : {}),
    ...(body.patience !== undefined ? { patience: body.patience } : {}),
    ...(body.maxSteps !== undefined ? { maxSteps: body.maxSteps } : {}),
    ...(body.fill !== undefined ? { fill: body.fill } : {}),
  };
}

async function requireDocuments(engine: Engine, body: AskBody): Promise<void> {
  if ((body.docIds?.length ?? 0) === 0 && (await engine.count()) === 0) {
    throw new UsageError("the store has no documents; upload one with POST /documents first");
  }
}

/**
 * The `/ask` routes. `questions` counts the questions in flight (the ingest queue lets them
 * finish before it starts the next document).
 * @example app.route("/ask", askRoutes(engine));
 */
export function askRoutes(engine: Engine, questions: Activity = createActivity()): Hono {
  const routes = new Hono();

  routes.post("/", async (c) => {
    const end = questions.begin();
    try {
      const body = await readJson(c, AskBody);
      await requireDocuments(engine, body);
      const result = await engine.ask(body.question, askOptionsOf(body, c.req.raw.signal));
      return c.json(askJson(result));
    } finally {
      end();
    }
  });

  routes.post("/stream", async (c) => {
    const end = questions.begin();
    let first: IteratorResult<AskEvent, AskResult>;
    let events: AsyncIterator<AskEvent, AskResult>;
    const abort = new AbortController();
    try {
      const body = await readJson(c, AskBody);
      await requireDocuments(engine, body);
      const request = c.req.raw.signal;
      const stop = (): void => abort.abort(request.reason);
      if (request.aborted) stop();
      else request.addEventListener("abort", stop, { once: true });
      events = engine.askStream(body.question, askOptionsOf(body, abort.signal))[Symbol.asyncIterator]();
      // The first event is pulled here, so a bad docId or an empty question is a plain HTTP error.
      first = await events.next();
    } catch (error) {
      end();
      throw error;
    }
    return c.body(askEventStream(events, first, abort, end), 200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    });
  });

  return routes;
}
