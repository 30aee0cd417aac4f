/** `pecan/mcp`: Pecan as a Model Context Protocol server. Explicit exports. */
export { createMcpServer, MCP_SERVER_INFO, DEFAULT_MCP } from "./server.js";
export type { McpServerOptions } from "./server.js";
export { runMcpStdio } from "./stdio.js";
export { LineStdioTransport, JSON_RPC_ERRORS, DEFAULT_STDIO_TRANSPORT } from "./stdio-transport.js";
export { answerText, passageOf, DEFAULT_PASSAGE } from "./shapes.js";
export { checkedPath, listUnderRoots, realRoots, rootSets, DEFAULT_ROOTS } from "./roots.js";
export type { RootSet, RootedListing } from "./roots.js";
