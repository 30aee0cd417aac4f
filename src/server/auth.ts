/**
 * Access control. With a token set, every route (the page and its assets included) needs it:
 * as `Authorization: Bearer <token>`, or once as `?token=<token>` (the answer then sets an
 * HttpOnly, SameSite=Strict session cookie, so the page's own requests carry it), or that
 * cookie. A cookie-only request that changes something must also come from the same origin.
 * Separately, a server bound to a loopback address answers only requests whose Host header
 * names a loopback host, which keeps DNS-rebinding pages away from it.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { failure } from "./errors.js";

/** The session cookie that carries the token after a `?token=` visit. */
export const TOKEN_COOKIE = "pecan_token";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(expected), digest(presented));
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  return match?.[1]?.trim();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Refuses any request that does not present `token` (401 E_UNAUTHORIZED).
 * @example app.use("*", requireToken(process.env.PECAN_TOKEN!))
 */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    if (tokenMatches(token, bearerOf(c.req.header("authorization")))) return next();
    const query = c.req.query("token");
    if (tokenMatches(token, query)) {
      setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/" });
      return next();
    }
    if (tokenMatches(token, getCookie(c, TOKEN_COOKIE))) {
      if (!SAFE_METHODS.has(c.req.method) && !sameOrigin(c.req.header("origin"), c.req.header("host"))) {
        return failure(c, "E_UNAUTHORIZED", "a cross-origin request cannot use the session cookie");
      }
      return next();
    }
    c.header("WWW-Authenticate", 'Bearer realm="pecan"');
    return failure(c, "E_UNAUTHORIZED", "a valid token is required: Authorization: Bearer <token>, or ?token=<token> once");
  };
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** True for hosts that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host.endsWith(".localhost");
}

/** Refuses requests whose Host header is not a loopback name (403 E_UNAUTHORIZED). */
export function requireLoopbackHost(): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("host") ?? new URL(c.req.url).host;
    const name = header.startsWith("[") ? header.slice(0, header.indexOf("]") + 1) : (header.split(":")[0] ?? "");
    if (isLoopbackHost(name.toLowerCase())) return next();
    return c.json({ error: { code: "E_UNAUTHORIZED", message: `this server answers only loopback hosts, not ${name}` } }, 403);
  };
}
