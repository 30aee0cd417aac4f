/**
 * A local HTTP server on 127.0.0.1 that speaks the OpenAI wire format (`/v1/chat/completions`
 * plain and streamed as Server-Sent Events, `/v1/embeddings`, log-probabilities) with
 * programmable faults, for tests of the providers, the engine and the server. It records
 * every request. A stand-in for the outside world, never for Pecan's own code.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A fault served instead of a normal answer. */
export type FakeFault =
  /** An HTTP error status with an OpenAI-style error body (or `body` as given). */
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string; readonly body?: string }
  /** Never answer (until the server closes). */
  | { readonly kind: "hang" }
  /** Close the connection before answering. */
  | { readonly kind: "drop" }
  /** Answer 200, send `afterChunks` content pieces (default 1), then close the connection. */
  | { readonly kind: "drop-mid-stream"; readonly afterChunks?: number }
  /** Answer 200 with a body (or a stream chunk) that is not valid JSON. */
  | { readonly kind: "malformed-json" }
  /** Answer normally but leave out `usage`. */
  | { readonly kind: "no-usage" };

/** Log-probabilities of one output token, in wire shape. */
export interface FakeLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly top_logprobs: readonly { readonly token: string; readonly logprob: number }[];
}

/** A chat answer. Output tokens are the reply's words (`/\S+\s*|\s+/`). */
export interface FakeReply {
  readonly text: string;
  readonly finishReason?: string;
  /** Overrides the usage reported; `null` leaves it out. */
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number } | null;
  /** Overrides the log-probabilities given when asked. */
  readonly logprobs?: readonly FakeLogprob[];
}

/** A request the server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  readonly body: unknown;
}

/** The chat request body as the fake reads it. */
export interface FakeChatBody {
  readonly model?: string;
  readonly messages?: readonly { readonly role: string; readonly content: unknown }[];
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
  readonly logprobs?: boolean;
  readonly top_logprobs?: number;
}

export interface OpenAIFakeServerOptions {
  /** The chat answer; default "ok". `index` counts chat requests from 0. */
  readonly reply?: (body: FakeChatBody, index: number) => string | FakeReply;
  /** A text's vector; default a deterministic 8-dimensional hash vector. */
  readonly embed?: (text: string) => readonly number[];
  /** Faults served in order, one per request (any endpoint); then normal answers. */
  readonly faults?: readonly FakeFault[];
  /** A fault chosen per request (consulted when the queue is empty). */
  readonly fault?: (request: RecordedRequest, index: number) => FakeFault | undefined;
  /** Known model names; others get 404 "model not found". Default: any model. */
  readonly models?: readonly string[];
  /** How a 404 for an unknown model reads: OpenAI's or Ollama's wording. */
  readonly notFoundStyle?: "openai" | "ollama";
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (else 401, echoing the key sent). */
  readonly apiKey?: string;
}

export interface OpenAIFakeServer {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:54321/v1`. */
  readonly url: string;
  /** `http://127.0.0.1:54321`. */
  readonly origin: string;
  /** Every request, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** The fault queue; push to add faults while the server runs. */
  readonly faults: FakeFault[];
  close(): Promise<void>;
}

/** Output tokens as the fake counts them: words with their trailing space. */
export function fakeTokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function defaultVector(text: string): number[] {
  const v = new Array<number>(8).fill(0);
  for (let i = 0; i < text.length; i++) {
    const slot = (text.charCodeAt(i) * 31 + i) % 8;
    v[slot] = (v[slot] ?? 0) + 1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

function defaultLogprobs(pieces: readonly string[], top: number): FakeLogprob[] {
  const alternatives = ["Yes", "No", "Maybe", "The", "A"];
  return pieces.map((token) => {
    const others = alternatives.filter((a) => a !== token.trim());
    const list = [{ token, logprob: Math.log(0.9) }, ...others.map((t, i) => ({ token: t, logprob: Math.log(0.05 / (i + 1)) }))];
    return { token, logprob: Math.log(0.9), top_logprobs: list.slice(0, Math.max(0, top)) };
  });
}

function promptTokens(body: FakeChatBody): number {
  return (body.messages ?? []).reduce((n, m) => n + 3 + fakeTokens(typeof m.content === "string" ? m.content : "").length, 3);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Starts the fake server on 127.0.0.1 (a free port).
 * @example
 * const server = await startOpenAIFakeServer({ reply: () => "Yes", faults: [{ kind: "status", status: 429 }] });
 * const { chat } = createOpenAICompatible({ baseURL: server.url, apiKey: "test", model: "m" });
 * await server.close();
 */
export async function startOpenAIFakeServer(options: OpenAIFakeServerOptions = {}): Promise<OpenAIFakeServer> {
  const requests: RecordedRequest[] = [];
  const faults: FakeFault[] = [...(options.faults ?? [])];
  let chatCount = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = raw === "" ? undefined : (JSON.parse(raw) as unknown);
    } catch {
      // Keep the raw text.
    }
    const recorded: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: { ...req.headers }, body };
    const index = requests.length;
    requests.push(recorded);
    const fault = faults.shift() ?? options.fault?.(recorded, index);

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      const sent = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
      sendJson(res, 401, { error: { message: `Incorrect API key provided: ${sent}.`, type: "invalid_request_error", code: "invalid_api_key" } });
      return;
    }
    if (fault?.kind === "hang") return;
    if (fault?.kind === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "status") {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {};
      if (fault.body !== undefined) {
        res.writeHead(fault.status, { "content-type": "text/plain", ...headers });
        res.end(fault.body);
      } else {
        sendJson(res, fault.status, { error: { message: `fake error ${fault.status}`, type: "fake", code: null } }, headers);
      }
      return;
    }
    const model = (body as { model?: unknown } | undefined)?.model;
    if (options.models !== undefined && (typeof model !== "string" || !options.models.includes(model))) {
      const name = String(model);
      const error =
        options.notFoundStyle === "ollama"
          ? { message: `model "${name}" not found, try pulling it first`, type: "api_error", param: null, code: null }
          : { message: `The model \`${name}\` does not exist or you do not have access to it.`, type: "invalid_request_error", param: null, code: "model_not_found" };
      sendJson(res, 404, { error });
      return;
    }
    if (req.method === "POST" && req.url === "/v1/chat/completions") {
      handleChat(req, res, (body ?? {}) as FakeChatBody, chatCount++, fault);
      return;
    }
    if (req.method === "POST" && req.url === "/v1/embeddings") {
      handleEmbeddings(req, res, (body ?? {}) as { model?: string; input?: unknown }, fault);
      return;
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: "invalid_request_error", code: null } });
  };

  const handleChat = (req: IncomingMessage, res: ServerResponse, body: FakeChatBody, index: number, fault: FakeFault | undefined): void => {
    const answer = options.reply?.(body, index) ?? "ok";
    const reply: FakeReply = typeof answer === "string" ? { text: answer } : answer;
    let pieces = fakeTokens(reply.text);
    let finishReason = reply.finishReason ?? "stop";
    const cap = body.max_completion_tokens ?? body.max_tokens;
    if (cap !== undefined && pieces.length > cap) {
      pieces = pieces.slice(0, cap);
      finishReason = "length";
    }
    const wantLogprobs = body.logprobs === true;
    const logprobs = wantLogprobs ? (reply.logprobs ?? defaultLogprobs(pieces, body.top_logprobs ?? 0)) : undefined;
    const usage =
      fault?.kind === "no-usage" || reply.usage === null
        ? undefined
        : (reply.usage ?? { prompt_tokens: promptTokens(body), completion_tokens: pieces.length });
    const usageField = usage === undefined ? {} : { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } };
    const base = { id: `chatcmpl-fake-${index}`, created: 0, model: body.model ?? "fake" };

    if (body.stream !== true) {
      if (fault?.kind === "malformed-json") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"id": "chatcmpl-fake", "choices": [{"message": {"content": "trunc');
        return;
      }
      const full = JSON.stringify({
        ...base,
        object: "chat.completion",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: pieces.join("") },
            finish_reason: finishReason,
            logprobs: logprobs === undefined ? null : { content: logprobs },
          },
        ],
        ...usageField,
      });
      if (fault?.kind === "drop-mid-stream") {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(full) });
        res.write(full.slice(0, Math.floor(full.length / 2)), () => req.socket.destroy());
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(full) });
      res.end(full);
      return;
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (value: unknown): void => {
      res.write(`data: ${JSON.stringify(value)}\n\n`);
    };
    const chunk = (delta: Record<string, unknown>, finish: string | null, lp?: FakeLogprob): Record<string, unknown> => ({
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: lp === undefined ? null : { content: [lp] } }],
    });
    send(chunk({ role: "assistant", content: "" }, null));
    if (fault?.kind === "malformed-json") {
      res.end('data: {"choices": [{"delta": {"content": "trunc\n\n');
      return;
    }
    const limit = fault?.kind === "drop-mid-stream" ? Math.min(fault.afterChunks ?? 1, pieces.length) : pieces.length;
    for (let i = 0; i < limit; i++) send(chunk({ content: pieces[i] }, null, logprobs?.[i]));
    if (fault?.kind === "drop-mid-stream") {
      res.write(": dropping\n\n", () => req.socket.destroy());
      return;
    }
    send(chunk({}, finishReason));
    if (usage !== undefined && body.stream_options?.include_usage === true) {
      send({ ...base, object: "chat.completion.chunk", choices: [], ...usageField });
    }
    res.end("data: [DONE]\n\n");
  };

  const handleEmbeddings = (
    req: IncomingMessage,
    res: ServerResponse,
    body: { model?: string; input?: unknown },
    fault: FakeFault | undefined,
  ): void => {
    const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? "")];
    if (fault?.kind === "malformed-json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"data": [{"embedding": [0.1, ');
      return;
    }
    const vectorOf = options.embed ?? defaultVector;
    const tokens = inputs.reduce((n, t) => n + fakeTokens(t).length, 0);
    const full = JSON.stringify({
      object: "list",
      model: body.model ?? "fake",
      data: inputs.map((t, i) => ({ object: "embedding", index: i, embedding: vectorOf(t) })),
      ...(fault?.kind === "no-usage" ? {} : { usage: { prompt_tokens: tokens, total_tokens: tokens } }),
    });
    if (fault?.kind === "drop-mid-stream") {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(full) });
      res.write(full.slice(0, Math.floor(full.length / 2)), () => req.socket.destroy());
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(full) });
    res.end(full);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/v1`,
    origin,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
