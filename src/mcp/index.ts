/**
 * `pecan/mcp`: the Model Context Protocol server over an engine (stdio, or any MCP transport).
 * Explicit exports.
 * @example
 * import { createEngine } from "pecan";
 * import { runMcpStdio } from "pecan/mcp";
 * await runMcpStdio(createEngine({ dbPath: "pecan.db" }), { allow: ["/home/me/docs"] });
 */
export { createMcpServer, MCP_SERVER_INFO, DEFAULT_MCP } from "./server.js";
export type { McpServerOptions } from "./server.js";
export { runMcpStdio } from "./stdio.js";
export { LineStdioTransport, JSON_RPC_ERRORS, DEFAULT_STDIO_TRANSPORT } from "./stdio-transport.js";
export { answerText, passageOf, DEFAULT_PASSAGE } from "./shapes.js";
export { checkedPath, listUnderRoots, realRoots, rootSets, DEFAULT_ROOTS } from "./roots.js";
export type { RootSet, RootedListing } from "./roots.js";
