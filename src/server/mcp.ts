/** The MCP server lives in src/mcp/; this keeps `server/index.js`'s exports of it working. */
export { createMcpServer, runMcpStdio, answerText, MCP_SERVER_INFO } from "../mcp/index.js";
