import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../index.js";
import { handbookText } from "../testing/server-fixtures.js";
import { createMcpServer } from "./server.js";
import { LineStdioTransport } from "./stdio-transport.js";

interface Reply {
  id: number | string | null;
  result?: { isError?: boolean; structuredContent?: { documents?: { docId: string }[] } };
  error?: { code: number; message: string };
}

/** A server on a pair of in-memory streams; replies are collected line by line. */
function wire(engine: Engine, maxLineBytes?: number) {
  const input = new PassThrough();
  const output = new PassThrough();
  const replies: Reply[] = [];
  let rest = "";
  output.on("data", (chunk: Buffer) => {
    rest += chunk.toString();
    for (let i = rest.indexOf("\n"); i >= 0; i = rest.indexOf("\n")) {
      replies.push(JSON.parse(rest.slice(0, i)) as Reply);
      rest = rest.slice(i + 1);
    }
  });
  const transport = new LineStdioTransport(input, output, maxLineBytes);
  const server = createMcpServer(engine);
  const closed = new Promise<void>((resolve) => (server.server.onclose = () => resolve()));
  const send = (message: unknown): boolean => input.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
  const until = async (done: () => boolean): Promise<void> => {
    for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  };
  return { server, transport, input, replies, closed, send, until };
}

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

describe("the MCP stdio transport", () => {
  let engine: Engine;
  beforeEach(() => (engine = createEngine({ dbPath: ":memory:" })));
  afterEach(() => engine.close());

  it("answers a line that is not JSON with -32700 and a non-message with -32600, and keeps serving", async () => {
    const w = wire(engine);
    await w.server.connect(w.transport);
    w.send("this is not json");
    w.send('{"id": 7, "hello": "world"}');
    w.send("[1, 2");
    w.send(INIT);
    await w.until(() => w.replies.length >= 4);
    expect(w.replies.slice(0, 3).map((r) => [r.id, r.error?.code])).toEqual([
      [null, -32700],
      [7, -32600],
      [null, -32700],
    ]);
    expect(w.replies[3]?.id).toBe(1);
    expect(w.replies[3]?.error).toBeUndefined();
  });

  it("refuses an over-long line with -32700 and reads the next one", async () => {
    const w = wire(engine, 1000);
    await w.server.connect(w.transport);
    w.input.write("x".repeat(600));
    w.input.write("y".repeat(600));
    w.send("z");
    w.send(INIT);
    await w.until(() => w.replies.length >= 2);
    expect(w.replies.map((r) => [r.id, r.error?.code ?? 0])).toEqual([
      [null, -32700],
      [1, 0],
    ]);
  });

  it("at the end of input, finishes an ingest in flight and sends its reply before closing", async () => {
    const w = wire(engine);
    await w.server.connect(w.transport);
    w.send(INIT);
    w.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    w.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "ingest", arguments: { text: handbookText(), docId: "handbook" } } });
    w.input.end();
    await w.closed;
    const reply = w.replies.find((r) => r.id === 2);
    expect(reply?.result?.isError).toBeFalsy();
    expect(reply?.result?.structuredContent?.documents?.[0]?.docId).toBe("handbook");
    expect((await engine.list()).map((d) => d.docId)).toEqual(["handbook"]);
  });
});
