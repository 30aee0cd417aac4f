/**
 * The server's OpenAPI 3.1 document, generated from the contract's zod schemas (z.toJSONSchema,
 * JSON Schema 2020-12, which OpenAPI 3.1 uses as is), so the document cannot drift from the
 * shapes the routes answer with. Served at `GET /openapi.json`.
 */
import { z } from "zod";
import {
  AskRequest,
  AskResultJson,
  ChatCompletionChunkJson,
  ChatCompletionJson,
  ChatCompletionRequest,
  ModelListJson,
  DocumentJson,
  DocumentListJson,
  ErrorJson,
  HealthJson,
  IngestJson,
  InspectJson,
  PECAN_VERSION,
  RemovedJson,
  StreamEvent,
  TextDocumentRequest,
} from "../index.js";

/** A JSON Schema object as it goes into the document. */
type JsonSchema = Record<string, unknown>;

/** The schemas the document names under `components.schemas`: request bodies are read as input. */
const COMPONENTS: Readonly<Record<string, { readonly schema: z.ZodType; readonly io: "input" | "output" }>> = {
  AskRequest: { schema: AskRequest, io: "input" },
  TextDocumentRequest: { schema: TextDocumentRequest, io: "input" },
  ChatCompletionRequest: { schema: ChatCompletionRequest, io: "input" },
  AskResult: { schema: AskResultJson, io: "output" },
  StreamEvent: { schema: StreamEvent, io: "output" },
  Ingest: { schema: IngestJson, io: "output" },
  DocumentList: { schema: DocumentListJson, io: "output" },
  Document: { schema: DocumentJson, io: "output" },
  Removed: { schema: RemovedJson, io: "output" },
  Inspect: { schema: InspectJson, io: "output" },
  Health: { schema: HealthJson, io: "output" },
  Error: { schema: ErrorJson, io: "output" },
  ChatCompletion: { schema: ChatCompletionJson, io: "output" },
  ChatCompletionChunk: { schema: ChatCompletionChunkJson, io: "output" },
  ModelList: { schema: ModelListJson, io: "output" },
};

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const ref = (name: keyof typeof COMPONENTS & string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({ description, content: { "application/json": { schema: ref(name) } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), json("Error", "`{ error: { code, message } }` with a stable code")]));
const docIdParam = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The document's id" };

/** Options of the document. */
export interface OpenApiOptions {
  /** The server needs a bearer token: every operation says so. */
  readonly token?: boolean;
}

/**
 * The OpenAPI 3.1 document of `pecan serve`.
 * @example const doc = openApiDocument({ token: true }); doc.paths["/ask"]
 */
export function openApiDocument(options: OpenApiOptions = {}): { openapi: string; paths: Record<string, unknown> } & JsonSchema {
  const schemas = Object.fromEntries(Object.entries(COMPONENTS).map(([name, c]) => [name, jsonSchemaOf(c.schema, c.io)]));
  const paths: Record<string, unknown> = {
    "/ask": {
      post: {
        operationId: "ask",
        summary: "Answer a question with citations (the `pecan ask --json` shape)",
        requestBody: { required: true, content: { "application/json": { schema: ref("AskRequest") } } },
        responses: { "200": json("AskResult", "The answer, its citations, what was read, the trace and the cost"), ...errors(400, 404, 413, 502, 503) },
      },
    },
    "/ask/stream": {
      post: {
        operationId: "askStream",
        summary: "The same question as Server-Sent Events: walk-step, answer-delta, then done or error",
        requestBody: { required: true, content: { "application/json": { schema: ref("AskRequest") } } },
        responses: {
          "200": { description: "Each event's `event:` name and the JSON of its `data:` line", content: { "text/event-stream": { schema: ref("StreamEvent") } } },
          ...errors(400, 404, 413),
        },
      },
    },
    "/documents": {
      get: { operationId: "listDocuments", summary: "The stored documents", responses: { "200": json("DocumentList", "One row per document") } },
      post: {
        operationId: "ingest",
        summary: "Upload files (.txt .md .html .pdf) or pasted text",
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: {
                  file: { type: "array", items: { type: "string", contentMediaType: "application/octet-stream" } },
                  title: { type: "string" },
                  docId: { type: "string" },
                  force: { type: "string", enum: ["true", "false", "1", "0", "on"] },
                },
                required: ["file"],
              },
            },
            "application/json": { schema: ref("TextDocumentRequest") },
          },
        },
        responses: { "201": json("Ingest", "Written"), "200": json("Ingest", "Nothing new: every document was already stored"), ...errors(400, 413, 415) },
      },
    },
    "/documents/{id}": {
      get: { operationId: "getDocument", summary: "One document with its text", parameters: [docIdParam], responses: { "200": json("Document", "The document"), ...errors(404) } },
      delete: { operationId: "removeDocument", summary: "Remove a document", parameters: [docIdParam], responses: { "200": json("Removed", "Removed"), ...errors(404) } },
    },
    "/documents/{id}/graph": {
      get: { operationId: "inspect", summary: "The document's graph (the `inspect --format json` shape)", parameters: [docIdParam], responses: { "200": json("Inspect", "Nodes and weighted edges"), ...errors(404) } },
    },
    "/health": { get: { operationId: "health", summary: "Liveness and counts", responses: { "200": json("Health", "The server is up") } } },
    "/openapi.json": { get: { operationId: "openapi", summary: "This document", responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } } } },
    "/v1/chat/completions": {
      post: {
        operationId: "chatCompletions",
        summary: "OpenAI-compatible: answers the last user message from the store, citations in a sources block",
        requestBody: { required: true, content: { "application/json": { schema: ref("ChatCompletionRequest") } } },
        responses: {
          "200": {
            description: "A chat completion, or with `stream: true` Server-Sent Events of chunks ending with `data: [DONE]`",
            content: { "application/json": { schema: ref("ChatCompletion") }, "text/event-stream": { schema: ref("ChatCompletionChunk") } },
          },
          ...errors(400, 404, 413),
        },
      },
    },
    "/v1/models": { get: { operationId: "listModels", summary: "OpenAI-compatible: the one model, `pecan`", responses: { "200": json("ModelList", "The models") } } },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Pecan",
      version: PECAN_VERSION,
      description: "Answers questions about stored documents with verbatim citations (docs/server.md).",
      license: { name: "MIT", identifier: "MIT" },
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "The `--token` of `pecan serve`" } },
    },
    ...(options.token ? { security: [{ bearer: [] }] } : {}),
  };
}
