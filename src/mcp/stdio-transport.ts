/**
 * MCP over stdio (newline-delimited JSON-RPC 2.0), with two things the SDK's stdio transport
 * does not do: a line that is not JSON gets a `-32700 Parse error` reply, and JSON that is not
 * a JSON-RPC message gets `-32600 Invalid Request` (JSON-RPC 2.0, section 5.1), instead of
 * silence; and at the end of input, requests still being handled (an ingest in flight) finish
 * and get their replies before the transport closes.
 */
import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { isJSONRPCRequest, JSONRPCMessageSchema, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/sdk/types.js";

/** JSON-RPC 2.0 error codes this transport answers with. */
export const JSON_RPC_ERRORS = Object.freeze({ parseError: -32700, invalidRequest: -32600 });

/** Named defaults of the transport. */
export const DEFAULT_STDIO_TRANSPORT = Object.freeze({
  /** Longest line accepted, in characters (the SDK's own limit is 10 MB); a longer one is a parse error. */
  maxLineBytes: 16 * 1024 * 1024,
});

function idOf(value: unknown): RequestId | null {
  if (typeof value !== "object" || value === null || !("id" in value)) return null;
  const id = (value as { id: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

function parseLine(line: string): { message: JSONRPCMessage } | { error: { code: number; message: string }; id: RequestId | null } {
  let value: unknown;
  try {
    value = JSON.parse(line) as unknown;
  } catch (cause) {
    return { error: { code: JSON_RPC_ERRORS.parseError, message: `Parse error: ${(cause as Error).message}` }, id: null };
  }
  const parsed = JSONRPCMessageSchema.safeParse(value);
  if (!parsed.success) {
    return { error: { code: JSON_RPC_ERRORS.invalidRequest, message: "Invalid Request: not a JSON-RPC 2.0 message" }, id: idOf(value) };
  }
  return { message: parsed.data };
}

/**
 * A stdio transport for an MCP server.
 * @example await server.connect(new LineStdioTransport(process.stdin, process.stdout));
 */
export class LineStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  private buffer = "";
  private discarding = false;
  private readonly inFlight = new Set<RequestId>();
  private ended = false;
  private closed = false;
  private readonly onData = (chunk: Buffer | string): void => this.receive(chunk.toString());
  private readonly onEnd = (): void => this.end();
  private readonly onError = (error: Error): void => this.onerror?.(error);

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly maxLineBytes = DEFAULT_STDIO_TRANSPORT.maxLineBytes,
  ) {}

  /** Requests received and not yet answered. */
  get pending(): number {
    return this.inFlight.size;
  }

  start(): Promise<void> {
    this.input.setEncoding("utf8");
    this.input.on("data", this.onData);
    this.input.on("end", this.onEnd);
    this.input.on("error", this.onError);
    return Promise.resolve();
  }

  private receive(text: string): void {
    let rest = text;
    for (let newline = rest.indexOf("\n"); newline >= 0; newline = rest.indexOf("\n")) {
      const head = rest.slice(0, newline);
      rest = rest.slice(newline + 1);
      if (this.discarding) this.discarding = false;
      else this.handleLine(this.buffer + head);
      this.buffer = "";
    }
    if (this.discarding) return;
    this.buffer += rest;
    if (this.buffer.length > this.maxLineBytes) {
      this.buffer = "";
      this.discarding = true;
      this.reply(null, { code: JSON_RPC_ERRORS.parseError, message: `Parse error: a message is longer than ${this.maxLineBytes} bytes` });
    }
  }

  private handleLine(raw: string): void {
    const line = raw.replace(/\r$/, "");
    if (line.trim().length === 0) return;
    const parsed = parseLine(line);
    if ("error" in parsed) {
      this.reply(parsed.id, parsed.error);
      return;
    }
    const message = parsed.message;
    if (isJSONRPCRequest(message)) this.inFlight.add(message.id);
    // A cancelled request gets no reply (MCP cancellation), so it is no longer waited for.
    if ("method" in message && message.method === "notifications/cancelled") {
      const requestId = idOf({ id: (message.params as { requestId?: unknown } | undefined)?.requestId });
      if (requestId !== null) this.inFlight.delete(requestId);
    }
    this.onmessage?.(parsed.message);
  }

  /** An error reply the SDK does not make (its types do not allow `id: null`). */
  private reply(id: RequestId | null, error: { code: number; message: string }): void {
    if (this.closed) return;
    this.output.write(`${JSON.stringify({ jsonrpc: "2.0", id, error })}\n`);
  }

  private end(): void {
    if (this.buffer.trim().length > 0) this.handleLine(this.buffer);
    this.buffer = "";
    this.ended = true;
    if (this.inFlight.size === 0) void this.close();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.resolve();
    const json = `${JSON.stringify(message)}\n`;
    if ("id" in message && ("result" in message || "error" in message) && message.id !== undefined) this.inFlight.delete(message.id);
    return new Promise((resolve) => {
      const written = (): void => {
        resolve();
        if (this.ended && this.inFlight.size === 0) void this.close();
      };
      if (this.output.write(json)) written();
      else this.output.once("drain", written);
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.input.off("data", this.onData);
    this.input.off("end", this.onEnd);
    this.input.off("error", this.onError);
    this.input.pause();
    this.onclose?.();
    return Promise.resolve();
  }
}
