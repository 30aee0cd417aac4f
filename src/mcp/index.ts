/**
 * `pecan/mcp`: the Model Context Protocol server over an engine (stdio, or any MCP transport).
 * @example
 * import { createEngine } from "pecan";
 * import { runMcpStdio } from "pecan/mcp";
 * await runMcpStdio(createEngine({ dbPath: "pecan.db" }));
 */
export { createMcpServer, runMcpStdio, answerText, MCP_SERVER_INFO } from "../server/mcp.js";
