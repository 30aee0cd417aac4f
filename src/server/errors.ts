/**
 * HTTP errors: every failure answers `{ "error": { code, message } }` with a status that fits
 * its stable code (the codes of src/core/errors.ts).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { toPecanError, type ErrorCode, type ErrorJson } from "../index.js";

/** The codes an HTTP error body carries. */
export type ServerErrorCode = ErrorCode;

/** The body of every error response (the contract's `ErrorJson`). */
export type ErrorBody = ErrorJson;

const STATUS: Readonly<Record<ServerErrorCode, ContentfulStatusCode>> = {
  E_INPUT_EMPTY: 400,
  E_INPUT_BINARY: 400,
  E_INPUT_TOO_LARGE: 413,
  E_INPUT_MALFORMED: 400,
  E_INPUT_UNSUPPORTED: 415,
  E_PDF_UNREADABLE: 400,
  E_FILE_UNREADABLE: 400,
  E_NOT_FOUND: 404,
  E_STORE_VERSION: 500,
  E_STORE: 500,
  E_BAD_FLAG: 400,
  E_CONFIG: 400,
  E_PROVIDER: 502,
  E_PROVIDER_UNAVAILABLE: 502,
  E_BUDGET: 400,
  E_BUSY: 503,
  E_ABORTED: 503,
  E_INTERNAL: 500,
  E_UNAUTHORIZED: 401,
  E_PATH_FORBIDDEN: 403,
};

/**
 * The HTTP status of an error code.
 * @example statusOf("E_NOT_FOUND") // 404
 */
export function statusOf(code: ServerErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

/**
 * The `{ error: { code, message } }` body of anything thrown; unknown errors become E_INTERNAL.
 * @example errorBody(new NotFoundError("no document x")) // { error: { code: "E_NOT_FOUND", ... } }
 */
export function errorBody(error: unknown): ErrorBody {
  const { code, message } = toPecanError(error);
  return { error: { code, message: message.replace(/\s*\n\s*/g, " ") } };
}

/** Answers an error response for anything thrown. */
export function errorResponse(c: Context, error: unknown): Response {
  const body = errorBody(error);
  if (body.error.code === "E_BUSY") c.header("Retry-After", "2");
  return c.json(body, statusOf(body.error.code));
}

/** Answers an error response with an explicit code and message. */
export function failure(c: Context, code: ServerErrorCode, message: string): Response {
  const body: ErrorBody = { error: { code, message } };
  return c.json(body, statusOf(code));
}
