/**
 * Cross-site request forgery protection, whatever the token. A multipart or form POST is a CORS
 * "simple" request: a page on any origin can make the user's browser send one to 127.0.0.1
 * without a preflight, and without `--token` nothing else stood in its way (a page elsewhere
 * could plant or replace a document). Browsers say where a request comes from: every current
 * one sends `Sec-Fetch-Site`, and `Origin` on every cross-origin POST. So a state-changing
 * request is refused when either says it comes from another origin, unless that origin is
 * allowed (`--cors ORIGIN`). Clients that are not browsers (curl, the CLI, scripts, MCP) send
 * neither header and pass, as do the page's own requests (same origin).
 * Follows the OWASP CSRF cheat sheet's "Fetch Metadata" and "verifying origin" defences.
 */
import type { MiddlewareHandler } from "hono";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Options of {@link refuseCrossSite}. */
export interface CsrfOptions {
  /** Origins (`https://app.example`) whose pages may change state, as CORS allows them. */
  readonly allowedOrigins?: readonly string[];
}

/** The `scheme://host:port` of an Origin header, or undefined when it is `null` or not a URL. */
function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.origin === "null" ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Why a request must be refused as cross-site, or undefined when it may go on.
 * @example crossSiteReason({ method: "POST", origin: "https://evil.example", host: "127.0.0.1:8080" }) // "…"
 */
export function crossSiteReason(
  request: { method: string; origin?: string | undefined; fetchSite?: string | undefined; host?: string | undefined },
  allowed: ReadonlySet<string> = new Set(),
): string | undefined {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  const origin = request.origin === undefined ? undefined : originOf(request.origin);
  if (origin !== undefined && allowed.has(origin)) return undefined;
  const site = request.fetchSite?.toLowerCase();
  if (site === "cross-site" || site === "same-site") return `a ${site} request cannot change anything here`;
  if (request.origin !== undefined) {
    if (origin === undefined) return `a request from origin ${JSON.stringify(request.origin)} cannot change anything here`;
    if (new URL(origin).host !== request.host) return `a request from ${origin} cannot change anything here (allow it with --cors ${origin})`;
  }
  return undefined;
}

/**
 * Refuses state-changing requests from other origins (403 E_UNAUTHORIZED).
 * @example app.use("*", refuseCrossSite({ allowedOrigins: ["https://app.example"] }))
 */
export function refuseCrossSite(options: CsrfOptions = {}): MiddlewareHandler {
  const allowed = new Set((options.allowedOrigins ?? []).flatMap((o) => originOf(o) ?? []));
  return async (c, next) => {
    const reason = crossSiteReason(
      { method: c.req.method, origin: c.req.header("origin"), fetchSite: c.req.header("sec-fetch-site"), host: c.req.header("host") ?? new URL(c.req.url).host },
      allowed,
    );
    if (reason === undefined) return next();
    return c.json({ error: { code: "E_UNAUTHORIZED", message: reason } }, 403);
  };
}
