/**
 * Turning HTTP failures into `ProviderError`s with a status, `isRetryable` and a message that
 * says what to do, never containing a secret (keys and header values are redacted).
 */
import { PecanError, ProviderError } from "../core/errors.js";
import { ErrorBodySchema } from "./openai-wire.js";
import { isRetryableStatus, parseRetryAfter } from "./retry.js";

/** Advice a provider adds to its errors (e.g. Ollama's "run `ollama pull <model>`"). */
export interface ProviderHints {
  /** Said when the server cannot be reached. */
  readonly unreachable?: string;
  /** Said when the server does not know the model. */
  readonly modelNotFound?: (model: string) => string;
  /** Said on 401/403. */
  readonly unauthorized?: string;
}

/** What an error message may mention about the call. */
export interface CallContext {
  /** `openai`, `ollama`, ... */
  readonly provider: string;
  readonly model: string;
  /** Endpoint without credentials or query. */
  readonly endpoint: string;
  readonly hints: ProviderHints;
  /** Strings that must never appear in a message. */
  readonly secrets: readonly string[];
}

const retryAfterOf = new WeakMap<ProviderError, number>();

/** The wait a server asked for with the error, if any. */
export function retryAfterMsOf(error: ProviderError): number | undefined {
  return retryAfterOf.get(error);
}

/**
 * Replaces every secret (and anything shaped like an API key) in a text with `***`.
 * @example redact("bad key sk-abc123456789", ["sk-abc123456789"]) // "bad key ***"
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("***");
  }
  return out.replace(/\b(sk|key|tok)-[A-Za-z0-9_-]{8,}/g, "$1-***").replace(/Bearer\s+\S+/gi, "Bearer ***");
}

/** A URL without user, password, query or fragment: safe to print. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    u.search = "";
    u.hash = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "(invalid URL)";
  }
}

/** The error for an HTTP response whose status is not 2xx. */
export function errorFromStatus(status: number, headers: Headers, bodyText: string, ctx: CallContext): ProviderError {
  let detail = "";
  let code: string | number | null | undefined;
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(bodyText));
    if (parsed.success) {
      const e = parsed.data.error;
      detail = typeof e === "string" ? e : (e.message ?? "");
      code = typeof e === "string" ? undefined : e.code;
    }
  } catch {
    // Not JSON: keep the raw text below.
  }
  if (detail === "") detail = bodyText.replace(/\s+/g, " ").trim();
  detail = redact(detail.slice(0, 300), ctx.secrets);
  const where = `${ctx.provider}: HTTP ${status} from ${ctx.endpoint}`;
  const suffix = detail === "" ? "" : `: ${detail}`;
  const modelMissing =
    status === 404 &&
    (code === "model_not_found" || /model\b.*\b(not found|does not exist|not exist)/i.test(detail));
  if (modelMissing) {
    const hint = ctx.hints.modelNotFound?.(ctx.model) ?? "check the model name";
    return new ProviderError(`${where}${suffix} (model "${ctx.model}" is not available: ${hint})`, {
      status,
      isRetryable: false,
      code: "E_PROVIDER_UNAVAILABLE",
    });
  }
  if (status === 401 || status === 403) {
    const hint = ctx.hints.unauthorized ?? "check the API key";
    return new ProviderError(`${where}${suffix} (${hint})`, { status, isRetryable: false });
  }
  const retryable = isRetryableStatus(status);
  const error = new ProviderError(`${where}${suffix}`, { status, isRetryable: retryable });
  const wait = parseRetryAfter(headers);
  if (retryable && wait !== undefined) retryAfterOf.set(error, wait);
  return error;
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** The system error code (ECONNREFUSED, ...) somewhere in an error's cause chain. */
function systemCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== "object" || error === null) return undefined;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === "string" && /^E[A-Z_]+$/.test(record.code)) return record.code;
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors as unknown[]) {
      const found = systemCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return systemCode(record.cause, depth + 1);
}

/**
 * The error for anything thrown while sending or reading: a caller's cancel (`E_ABORTED`),
 * a timeout, a refused connection (`E_PROVIDER_UNAVAILABLE`) or another network failure.
 * All but the cancel are retryable.
 */
export function errorFromThrown(
  thrown: unknown,
  ctx: CallContext,
  state: { callerAborted: boolean; timedOut: boolean; timeoutMs: number; phase: "connect" | "read" },
): PecanError {
  if (thrown instanceof PecanError) return thrown;
  if (state.callerAborted) return new PecanError("E_ABORTED", "the operation was cancelled", { cause: thrown });
  if (state.timedOut) {
    return new ProviderError(`${ctx.provider}: no answer from ${ctx.endpoint} within ${state.timeoutMs} ms`, {
      isRetryable: true,
    });
  }
  const sys = systemCode(thrown);
  if (state.phase === "connect" && sys !== undefined && UNREACHABLE_CODES.has(sys)) {
    const hint = ctx.hints.unreachable ?? "check the base URL and that the server is running";
    return new ProviderError(`${ctx.provider}: cannot connect to ${ctx.endpoint} (${sys}): ${hint}`, {
      isRetryable: true,
      code: "E_PROVIDER_UNAVAILABLE",
    });
  }
  const what = state.phase === "connect" ? "request to" : "connection dropped while reading from";
  const reason = redact(deepestMessage(thrown), ctx.secrets);
  return new ProviderError(`${ctx.provider}: ${what} ${ctx.endpoint} failed (${sys ?? reason})`, {
    isRetryable: true,
  });
}

/** The message of the innermost cause ("other side closed" rather than "fetch failed"). */
function deepestMessage(error: unknown): string {
  let message = "unknown error";
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message !== "") message = current.message;
    current = current.cause;
  }
  return message;
}

/** A 2xx response whose body is not what the API promises. Not retryable: usually a wrong base URL. */
export function malformedResponse(ctx: CallContext, what: string): ProviderError {
  return new ProviderError(
    `${ctx.provider}: ${ctx.endpoint} answered with ${what}, not an OpenAI-compatible response (check the base URL)`,
    { isRetryable: false },
  );
}

/** Parses a JSON text or fails with a non-retryable `E_PROVIDER`. */
export function parseJsonOrFail(text: string, ctx: CallContext): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformedResponse(ctx, text.trim() === "" ? "an empty body" : "malformed JSON");
  }
}
