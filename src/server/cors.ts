/**
 * Cross-origin requests: off by default (a page of another site cannot read this server's
 * answers); `pecan serve --cors ORIGIN` lets exactly one origin in, preflight included, through
 * hono/cors. The token, when set, is still required: CORS decides who may read a response, not
 * who may ask.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { UsageError } from "../index.js";

/** Named defaults of the CORS answer. */
export const DEFAULT_CORS = Object.freeze({
  methods: ["GET", "POST", "DELETE", "OPTIONS"],
  headers: ["Authorization", "Content-Type"],
  /** How long a browser may keep a preflight's answer, in seconds. */
  maxAgeSeconds: 600,
});

/**
 * Checks an origin as given on the command line: `scheme://host[:port]`, nothing more.
 * @example corsOrigin("http://localhost:5173/") // "http://localhost:5173"
 */
export function corsOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch (error) {
    throw new UsageError(`--cors takes one origin such as http://localhost:5173, got "${value}"`, { cause: error });
  }
  const origin = url.origin;
  const rest = `${url.pathname === "/" ? "" : url.pathname}${url.search}${url.hash}`;
  if (origin === "null" || !/^https?:$/.test(url.protocol) || rest.length > 0 || url.username || url.password) {
    throw new UsageError(`--cors takes one origin such as http://localhost:5173 (scheme, host and port only), got "${value}"`);
  }
  return origin;
}

/** The middleware that answers CORS for one origin (and nothing for any other). */
export function corsFor(origin: string): MiddlewareHandler {
  const allowed = corsOrigin(origin);
  return cors({
    origin: (requestOrigin) => (requestOrigin === allowed ? allowed : null),
    allowMethods: [...DEFAULT_CORS.methods],
    allowHeaders: [...DEFAULT_CORS.headers],
    maxAge: DEFAULT_CORS.maxAgeSeconds,
    credentials: false,
  });
}
