/** `pecan serve` and `pecan mcp`: the HTTP API with its web page, and the MCP server. */
export { createApp, DEFAULT_SERVER } from "./app.js";
export type { AppOptions } from "./app.js";
export { startServer } from "./start.js";
export type { ServerOptions, RunningServer } from "./start.js";
export { createMcpServer, runMcpStdio, answerText, MCP_SERVER_INFO } from "./mcp.js";
export { statusOf, errorBody } from "./errors.js";
export { openApiDocument } from "./openapi.js";
export { corsOrigin, corsFor, DEFAULT_CORS } from "./cors.js";
export { openAiRoutes, questionOf, sourcesBlock, PECAN_MODEL, DEFAULT_SOURCES } from "./openai-routes.js";
export type { OpenApiOptions } from "./openapi.js";
export type { ErrorBody, ServerErrorCode } from "./errors.js";
export { askJson, inspectJson, ingestJson, summaryJson, documentJson } from "./shapes.js";
export { createIngestQueue, createActivity, DEFAULT_INGEST_QUEUE } from "./ingest-queue.js";
export type { IngestQueue, IngestQueueOptions, Activity } from "./ingest-queue.js";
