/**
 * The HTTP API and web page of `pecan serve`, as a Hono app over an Engine: testable without a
 * socket through `app.request(...)`. Routes (docs/server.md has the details):
 *
 *   POST   /documents            multipart files (.txt .md .html .pdf) or JSON { text, title?, docId? }
 *   GET    /documents            the stored documents
 *   GET    /documents/:id        one document with its text
 *   DELETE /documents/:id
 *   GET    /documents/:id/graph  the `inspect --format json` shape
 *   POST   /ask                  JSON { question, docIds?, budget?, patience?, maxSteps?, fill? } -> `ask --json`
 *   POST   /ask/stream           the same as Server-Sent Events: walk-step, answer-delta, done, error
 *   GET    /health               { ok, documents }
 *   POST   /v1/chat/completions  OpenAI-compatible chat (streaming too): the last user message, answered from the store
 *   GET    /v1/models            OpenAI-compatible: `pecan` and `pecan:<docId>`
 *   GET    /openapi.json         the OpenAPI 3.1 document of these routes (made from src/contract)
 *   GET    /                     the web page (and its files)
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Engine } from "../index.js";
import { requireLoopbackHost, requireToken } from "./auth.js";
import { refuseCrossSite } from "./csrf.js";
import { errorResponse, failure } from "./errors.js";
import { createActivity, createIngestQueue, type IngestQueue } from "./ingest-queue.js";
import { documentRoutes } from "./document-routes.js";
import { askRoutes } from "./ask-routes.js";
import { findWebDir, loadAssets, PAGE_CSP } from "./static-assets.js";
import { openApiDocument } from "./openapi.js";
import { openAiRoutes } from "./openai-routes.js";
import { corsFor } from "./cors.js";

/** Options of the app. */
export interface AppOptions {
  /** When set, every route needs it (bearer header, `?token=` once, or the session cookie). */
  readonly token?: string;
  /** Largest request body of `POST /documents`, in bytes. */
  readonly maxUploadBytes?: number;
  /** Largest request body of the question routes, in bytes. */
  readonly maxJsonBytes?: number;
  /** Answer only requests whose Host header is a loopback name (set when bound to loopback). */
  readonly loopbackOnly?: boolean;
  /** Where the page's files are; default: the package's web/ folder. */
  readonly webDir?: string;
  /** The ingest queue; default: a new one that lets this app's questions go first. */
  readonly queue?: IngestQueue;
  /** Origins whose pages may send state-changing requests (CSRF protection refuses the others). */
  readonly allowedOrigins?: readonly string[];
  /**
   * The one origin allowed to make cross-origin requests (`pecan serve --cors ORIGIN`), preflight
   * included; default none: CORS is off. Checked by `corsOrigin` (scheme, host and port only).
   */
  readonly corsOrigin?: string;
  /** Where unexpected errors (E_INTERNAL, E_STORE) are reported; default: standard error. */
  readonly log?: (message: string) => void;
}

/** Named defaults of the server. */
export const DEFAULT_SERVER = Object.freeze({
  host: "127.0.0.1",
  port: 8080,
  maxUploadBytes: 64 * 1024 * 1024,
  maxJsonBytes: 1024 * 1024,
});

function tooLarge(limit: number) {
  return (c: Context): Response => failure(c, "E_INPUT_TOO_LARGE", `the request body is over the limit of ${limit} bytes`);
}

/**
 * Builds the app.
 * @example
 * const app = createApp(createEngine({ dbPath: ":memory:" }), { token: "s3cret" });
 * const res = await app.request("/documents", { headers: { Authorization: "Bearer s3cret" } });
 */
export function createApp(engine: Engine, options: AppOptions = {}): Hono {
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_SERVER.maxUploadBytes;
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_SERVER.maxJsonBytes;
  const questions = createActivity();
  const queue = options.queue ?? createIngestQueue({ idle: () => questions.active === 0 });
  const assets = loadAssets(options.webDir ?? findWebDir());
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const app = new Hono();

  app.use("*", async (c, next) => {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Referrer-Policy", "no-referrer");
    c.res.headers.set("Cross-Origin-Resource-Policy", "same-origin");
  });
  // Before the host and token checks: a browser's preflight carries no token.
  if (options.corsOrigin !== undefined) app.use("*", corsFor(options.corsOrigin));
  if (options.loopbackOnly) app.use("*", requireLoopbackHost());
  app.use("*", refuseCrossSite({ allowedOrigins: [...(options.allowedOrigins ?? []), ...(options.corsOrigin !== undefined ? [options.corsOrigin] : [])] }));
  if (options.token !== undefined) app.use("*", requireToken(options.token));
  app.post("/documents", bodyLimit({ maxSize: maxUploadBytes, onError: tooLarge(maxUploadBytes) }));
  app.post("/ask", bodyLimit({ maxSize: maxJsonBytes, onError: tooLarge(maxJsonBytes) }));
  app.post("/ask/*", bodyLimit({ maxSize: maxJsonBytes, onError: tooLarge(maxJsonBytes) }));
  app.post("/v1/*", bodyLimit({ maxSize: maxJsonBytes, onError: tooLarge(maxJsonBytes) }));

  app.route("/documents", documentRoutes({ engine, queue }));
  app.route("/ask", askRoutes(engine, questions));
  app.route("/v1", openAiRoutes(engine, questions));
  const openapi = openApiDocument({ token: options.token !== undefined });
  app.get("/openapi.json", (c) => c.json(openapi));
  app.get("/health", async (c) => c.json({ ok: true, documents: await engine.count(), ingesting: queue.pending, asking: questions.active }));

  app.get("/:file{[A-Za-z0-9][A-Za-z0-9._-]*}?", (c) => {
    const asset = assets.get(c.req.path);
    if (!asset) {
      if (c.req.path === "/") return failure(c, "E_INTERNAL", "the web page's files are missing from this installation");
      return failure(c, "E_NOT_FOUND", `no route GET ${c.req.path}`);
    }
    c.header("Content-Type", asset.type);
    c.header("Cache-Control", "no-cache");
    if (asset.type.startsWith("text/html")) c.header("Content-Security-Policy", PAGE_CSP);
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });

  app.notFound((c) => failure(c, "E_NOT_FOUND", `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return failure(c, error.status === 401 ? "E_UNAUTHORIZED" : "E_INPUT_MALFORMED", error.message);
    const response = errorResponse(c, error);
    if (response.status >= 500 && response.status !== 502) log(`${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return response;
  });
  return app;
}
