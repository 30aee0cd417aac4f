/**
 * One error base with stable codes. Tests and scripts match on `code`, never on message text.
 * The CLI prints `CODE: message` on one line; the server answers `{ error: { code, message } }`.
 */

export const ERROR_CODES = {
  /** The input has no text after normalisation. */
  E_INPUT_EMPTY: "input",
  /** The input is binary or not valid UTF-8. */
  E_INPUT_BINARY: "input",
  /** The input is larger than the configured limit. */
  E_INPUT_TOO_LARGE: "input",
  /** The input is malformed (bad JSONL row, broken HTML that cannot be read, ...). */
  E_INPUT_MALFORMED: "input",
  /** A file type no loader reads. */
  E_INPUT_UNSUPPORTED: "input",
  /** A PDF that cannot be read or is encrypted. */
  E_PDF_UNREADABLE: "input",
  /** A file or directory that cannot be read from disk. */
  E_FILE_UNREADABLE: "input",
  /** A document id that is not in the store. */
  E_NOT_FOUND: "not-found",
  /** The store was written by another schema version. */
  E_STORE_VERSION: "store",
  /** The store cannot be opened or is corrupt. */
  E_STORE: "store",
  /** A command-line flag or argument is wrong. */
  E_BAD_FLAG: "usage",
  /** A configuration file or option is invalid. */
  E_CONFIG: "usage",
  /** A model provider failed (HTTP error, timeout, garbage). */
  E_PROVIDER: "provider",
  /** A provider is not reachable or the model is not there. */
  E_PROVIDER_UNAVAILABLE: "provider",
  /** A token cap would be exceeded. */
  E_BUDGET: "budget",
  /** A request without a valid token (the server). */
  E_UNAUTHORIZED: "auth",
  /** Too much work is queued already; the same request may succeed shortly (HTTP 503, Retry-After). */
  E_BUSY: "busy",
  /** A path outside the allowed roots (MCP `ingest`), or a link that leads out of them. */
  E_PATH_FORBIDDEN: "auth",
  /** The operation was cancelled by its caller. */
  E_ABORTED: "aborted",
  /** An invariant of the engine broke: a bug. */
  E_INTERNAL: "internal",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Base of every error Pecan throws on purpose. */
export class PecanError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PecanError";
    this.code = code;
  }
  /** `{ code, message }`, the shape of `--json` errors and HTTP error bodies. */
  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Bad input: empty, binary, too large, malformed, unsupported. */
export class InputError extends PecanError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "InputError";
  }
}

/** A document or node that is not in the store. */
export class NotFoundError extends PecanError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_NOT_FOUND", message, options);
    this.name = "NotFoundError";
  }
}

/** A store that cannot be used as it is. */
export class StoreError extends PecanError {
  constructor(code: "E_STORE" | "E_STORE_VERSION", message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "StoreError";
  }
}

/** A model provider failed. `isRetryable` says whether the same call may succeed later. */
export class ProviderError extends PecanError {
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  constructor(
    message: string,
    options: { status?: number; isRetryable: boolean; cause?: unknown; code?: "E_PROVIDER" | "E_PROVIDER_UNAVAILABLE" },
  ) {
    super(options.code ?? "E_PROVIDER", message, { cause: options.cause });
    this.name = "ProviderError";
    this.status = options.status;
    this.isRetryable = options.isRetryable;
  }
}

/** A usage error: a bad flag, argument or configuration value. */
export class UsageError extends PecanError {
  constructor(message: string, options?: { cause?: unknown; code?: "E_BAD_FLAG" | "E_CONFIG" }) {
    super(options?.code ?? "E_BAD_FLAG", message, options);
    this.name = "UsageError";
  }
}

/** True for errors that carry a Pecan code. */
export function isPecanError(error: unknown): error is PecanError {
  return error instanceof PecanError;
}

/** Wraps anything thrown into a PecanError, keeping the original as `cause`. */
export function toPecanError(error: unknown): PecanError {
  if (error instanceof PecanError) return error;
  if (error instanceof Error && error.name === "AbortError") {
    return new PecanError("E_ABORTED", "the operation was cancelled", { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PecanError("E_INTERNAL", message, { cause: error });
}
