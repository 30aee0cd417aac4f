/** Serving an MCP server over this process's standard input and output. */
import type { Engine } from "../index.js";
import { createMcpServer, type McpServerOptions } from "./server.js";
import { LineStdioTransport } from "./stdio-transport.js";

/**
 * Serves `engine` over stdio until the client closes its end; requests still being handled
 * then (an ingest in flight) finish and are answered first. Resolves when the server is closed.
 * @example await runMcpStdio(createEngine({ dbPath: "pecan.db" }), { allow: ["/home/me/docs"] });
 */
export async function runMcpStdio(engine: Engine, options: McpServerOptions = {}): Promise<void> {
  const server = createMcpServer(engine, options);
  const transport = new LineStdioTransport(process.stdin, process.stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
