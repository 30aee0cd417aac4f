/**
 * The HTTP side of the OpenAI-compatible providers: JSON POSTs with a per-attempt timeout
 * (combined with the caller's AbortSignal), a concurrency limit, and retries with
 * exponential backoff and full jitter on 429, 5xx and network errors, honouring `Retry-After`.
 * Streams get an idle timeout (reset on every chunk) instead of a total one.
 */
import { PecanError, ProviderError } from "../core/errors.js";
import {
  errorFromStatus,
  errorFromThrown,
  retryAfterMsOf,
  safeUrl,
  type CallContext,
  type ProviderHints,
} from "./provider-errors.js";
import { DEFAULT_RETRY, realSleep, retryDelay, sleepUnlessAborted } from "./retry.js";
import { Semaphore } from "./semaphore.js";

/** Options of a transport; every knob has a named default. */
export interface TransportOptions {
  /** Base URL ending in the API root, e.g. `https://api.openai.com/v1`. */
  readonly baseURL: string;
  readonly apiKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly provider: string;
  readonly hints?: ProviderHints;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly concurrency: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly maxRetryAfterMs?: number;
}

/** One open attempt: the response, plus hooks to reset its idle timer and to end it. */
export interface OpenAttempt {
  readonly response: Response;
  /** Resets the idle timer (call on every chunk read). */
  touch(): void;
  /** Classifies something thrown while reading this attempt's body. */
  fail(thrown: unknown): PecanError;
  /** Clears timers and releases the concurrency permit. Idempotent. */
  close(): void;
}

export class HttpTransport {
  readonly options: TransportOptions;
  private readonly gate: Semaphore;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: TransportOptions) {
    this.options = options;
    this.gate = new Semaphore(options.concurrency);
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? realSleep;
  }

  /** The context error messages may use: no secrets, no credentials in URLs. */
  context(path: string, model: string): CallContext {
    const secrets = [this.options.apiKey ?? "", ...Object.values(this.options.headers ?? {})].filter((s) => s.length >= 4);
    return {
      provider: this.options.provider,
      model,
      endpoint: `POST ${safeUrl(this.url(path))}`,
      hints: this.options.hints ?? {},
      secrets,
    };
  }

  private url(path: string): string {
    return `${this.options.baseURL.replace(/\/+$/, "")}${path}`;
  }

  /**
   * Sends one attempt and waits for a 2xx status (non-2xx bodies are read and turned into
   * errors here). The permit and timers stay held until `close()`.
   */
  async open(path: string, body: unknown, model: string, signal: AbortSignal | undefined, idle: boolean): Promise<OpenAttempt> {
    const ctx = this.context(path, model);
    const release = await this.gate.acquire(signal);
    const controller = new AbortController();
    const state = { callerAborted: false, timedOut: false, timeoutMs: this.options.timeoutMs, phase: "connect" as "connect" | "read" };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        state.timedOut = true;
        controller.abort();
      }, this.options.timeoutMs);
    };
    const onCallerAbort = (): void => {
      state.callerAborted = true;
      controller.abort();
    };
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onCallerAbort);
      // Ends a body nobody will read (a stream left early); harmless after a full read.
      controller.abort();
      release();
    };
    if (signal?.aborted) {
      close();
      throw new PecanError("E_ABORTED", "the operation was cancelled", { cause: signal.reason });
    }
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    arm();
    const fail = (thrown: unknown): PecanError => errorFromThrown(thrown, ctx, state);
    try {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: idle ? "text/event-stream" : "application/json",
        ...this.options.headers,
      };
      if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
      const response = await this.fetchImpl(this.url(path), {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      state.phase = "read";
      if (!response.ok) {
        const text = await response.text();
        throw errorFromStatus(response.status, response.headers, text, ctx);
      }
      return { response, touch: () => (idle ? arm() : undefined), fail, close };
    } catch (thrown) {
      close();
      throw fail(thrown);
    }
  }

  /** POSTs JSON and returns the parsed body text with `parse`, retrying what can be retried. */
  async json<T>(path: string, body: unknown, model: string, parse: (text: string) => T, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let open: OpenAttempt | undefined;
      try {
        open = await this.open(path, body, model, signal, false);
        let text: string;
        try {
          text = await open.response.text();
        } catch (thrown) {
          throw open.fail(thrown);
        }
        return parse(text);
      } catch (error) {
        await this.afterFailure(error, attempt, signal);
      } finally {
        open?.close();
      }
    }
  }

  /**
   * After attempt number `attempt` (0-based) failed with `error`: waits and returns when a
   * retry is due, else throws the final error.
   */
  async afterFailure(error: unknown, attempt: number, signal?: AbortSignal, canRetry = true): Promise<void> {
    if (!(error instanceof ProviderError) || !error.isRetryable || !canRetry) throw error;
    if (attempt >= this.options.maxRetries) {
      if (attempt === 0) throw error;
      throw new ProviderError(`${error.message} (gave up after ${attempt + 1} attempts)`, {
        status: error.status,
        isRetryable: error.isRetryable,
        code: error.code === "E_PROVIDER_UNAVAILABLE" ? "E_PROVIDER_UNAVAILABLE" : "E_PROVIDER",
        cause: error,
      });
    }
    const policy = {
      baseDelayMs: this.options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
      maxDelayMs: this.options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
      maxRetryAfterMs: this.options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs,
    };
    const delay = retryDelay(attempt, retryAfterMsOf(error), policy, this.options.random);
    await sleepUnlessAborted(this.sleep, delay, signal);
  }
}
