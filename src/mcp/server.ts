/**
 * `pecan mcp`: Pecan as a Model Context Protocol server, so AI agents can ingest, list, ask,
 * read the text around a citation and remove documents; every stored document is also a
 * resource (`pecan://documents/{docId}`). Each tool declares its input and output schemas and
 * whether it only reads (`readOnlyHint`) or may replace or delete stored data
 * (`destructiveHint`). Paths are read only under the allowed roots (see roots.ts).
 */
import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  askJson,
  asDocId,
  countFallbacks,
  DocIdJson as DOC_ID,
  fallbackWarning,
  ingestJson,
  NotFoundError,
  PecanError,
  summaryJson,
  toPecanError,
  UsageError,
  type Engine,
  type IngestReport,
} from "../index.js";
import { createIngestQueue, type IngestQueue } from "../server/ingest-queue.js";
import { ingestUploads, pastedUpload } from "../server/uploads.js";
import { checkedPath, clientRootPaths, listUnderRoots, rootSets, type RootSet } from "./roots.js";
import { answerText, AskOutput, DEFAULT_PASSAGE, IngestOutput, ListOutput, passageOf, PassageOutput, RemoveOutput } from "./shapes.js";

/** The version the server reports to clients. */
export const MCP_SERVER_INFO = { name: "pecan", version: "0.1.0" } as const;

/** Named defaults of the MCP server. */
export const DEFAULT_MCP = Object.freeze({
  /** How long a `roots/list` request to the client may take before ingest gives up. */
  rootsTimeoutMs: 5000,
});

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** Real paths of the operator's allowed directories (`--allow`); empty: none named. */
  readonly allow?: readonly string[];
  /** The working directory: relative paths resolve from it, and it is the root when no other is named. */
  readonly cwd?: string;
  readonly rootsTimeoutMs?: number;
}

/** A tool error: `CODE: message` as text. No structured content, which clients check against the output schema. */
function toolError(error: unknown): CallToolResult {
  const { code, message } = toPecanError(error);
  return { content: [{ type: "text", text: `${code}: ${message}` }], isError: true };
}

function reportLines(report: IngestReport): string {
  const lines = report.documents.map(
    (d) => `${d.docId}: ${d.skipped ? `skipped (${d.skipped})` : `${d.tokens} tokens, ${d.nodes} nodes, ${d.edges} edges`}`,
  );
  for (const s of report.skippedPaths) lines.push(`skipped ${s.path}: ${s.reason}`);
  return lines.length > 0 ? lines.join("\n") : "nothing to ingest";
}

/** The result of an ingest, with a warning for each document whose model summaries fell back to the extractive summarizer. */
async function ingestResult(engine: Engine, report: IngestReport): Promise<CallToolResult> {
  const warnings: string[] = [];
  for (const d of report.documents) {
    const warning = d.skipped ? undefined : fallbackWarning(d.docId, countFallbacks(await engine.store.getNodes(d.docId)));
    if (warning !== undefined) warnings.push(warning);
  }
  const structured = {
    ...ingestJson(report),
    skippedPaths: report.skippedPaths,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  const text = [reportLines(report), ...warnings.map((w) => `warning: ${w}`)].join("\n");
  return { content: [{ type: "text", text }], structuredContent: structured };
}

const READS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/**
 * An MCP server over an engine (not yet connected to a transport).
 * @example const server = createMcpServer(engine, { allow: ["/home/me/docs"] });
 * await server.connect(new LineStdioTransport(process.stdin, process.stdout));
 */
export function createMcpServer(engine: Engine, options: McpServerOptions = {}): McpServer {
  const cwd = options.cwd ?? process.cwd();
  const allow = options.allow ?? [];
  const rootsTimeoutMs = options.rootsTimeoutMs ?? DEFAULT_MCP.rootsTimeoutMs;
  const server = new McpServer(MCP_SERVER_INFO, {
    instructions:
      "Pecan answers questions about stored documents with verbatim citations. Ingest documents first " +
      "(ingest), see what is stored (list_documents), ask questions (ask), and read the text around a " +
      "citation (read_passage). Stored documents are also resources: pecan://documents/{docId}.",
  });
  const queue = createIngestQueue();

  /** The root sets a path must satisfy now: the client's roots are asked for on each call, as they may change. */
  const currentRoots = async (): Promise<RootSet[]> => {
    if (server.server.getClientCapabilities()?.roots === undefined) return rootSets(allow, undefined, cwd);
    try {
      const { roots } = await server.server.listRoots(undefined, { timeout: rootsTimeoutMs });
      return rootSets(allow, await clientRootPaths(roots), cwd);
    } catch (cause) {
      throw new PecanError("E_PATH_FORBIDDEN", "the client declares roots but did not list them; nothing is read", { cause });
    }
  };

  registerIngest(server, engine, queue, currentRoots, cwd);

  server.registerTool(
    "list_documents",
    { title: "List documents", description: "The stored documents: id, title, tokens, nodes, levels.", outputSchema: ListOutput, annotations: READS },
    async () => {
      const docs = await engine.list();
      const text =
        docs.length === 0 ? "no documents stored" : docs.map((d) => `${d.docId}: ${d.title} (${d.tokens} tokens, ${d.nodes} nodes)`).join("\n");
      return { content: [{ type: "text", text }], structuredContent: { documents: docs.map(summaryJson) } };
    },
  );

  server.registerTool(
    "ask",
    {
      title: "Ask a question",
      description:
        "Answers a question from the stored documents (all of them, or `docIds`), with citations that quote " +
        "the documents verbatim (document id and character range; read_passage shows the text around one).",
      inputSchema: {
        question: z.string().min(1),
        docIds: z.array(DOC_ID).optional().describe("ask these documents only"),
        budget: z.number().int().min(1).optional().describe("cap on context tokens read"),
        patience: z.number().int().min(1).optional(),
        maxSteps: z.number().int().min(1).optional(),
        fill: z.boolean().optional().describe("ignore the judge and read up to the budget"),
      },
      outputSchema: AskOutput,
      annotations: READS,
    },
    async (args, extra) => {
      try {
        if ((args.docIds?.length ?? 0) === 0 && (await engine.count()) === 0) {
          throw new UsageError("no documents are stored; ingest one first");
        }
        const result = await engine.ask(args.question, {
          signal: extra.signal,
          ...(args.docIds && args.docIds.length > 0 ? { docIds: args.docIds.map(asDocId) } : {}),
          ...(args.budget !== undefined ? { budget: args.budget } : {}),
          ...(args.patience !== undefined ? { patience: args.patience } : {}),
          ...(args.maxSteps !== undefined ? { maxSteps: args.maxSteps } : {}),
          ...(args.fill !== undefined ? { fill: args.fill } : {}),
        });
        return { content: [{ type: "text", text: await answerText(engine, result) }], structuredContent: askJson(result) };
      } catch (error) {
        return toolError(error);
      }
    },
  );

  server.registerTool(
    "read_passage",
    {
      title: "Read a passage",
      description:
        "The text of a stored document around a character range (a citation's docId, start and end), " +
        `with \`context\` characters on each side (default ${DEFAULT_PASSAGE.context}); at most ${DEFAULT_PASSAGE.maxChars} characters of the range.`,
      inputSchema: {
        docId: DOC_ID,
        start: z.number().int().min(0),
        end: z.number().int().min(0),
        context: z.number().int().min(0).max(DEFAULT_PASSAGE.maxContext).optional().describe("characters shown on each side"),
      },
      outputSchema: PassageOutput,
      annotations: READS,
    },
    async (args) => {
      try {
        const doc = await engine.store.getDocument(asDocId(args.docId));
        if (!doc) throw new NotFoundError(`no document "${args.docId}"`);
        if (args.end < args.start || args.end > doc.text.length) {
          throw new UsageError(`the range must satisfy 0 <= start <= end <= ${doc.text.length} (the document's length), got ${args.start}-${args.end}`);
        }
        const passage = passageOf(doc, args.start, args.end, args.context ?? DEFAULT_PASSAGE.context);
        const page = passage.page !== undefined ? `, p. ${passage.page}` : "";
        const header = `${passage.title} (${passage.docId}${page}, chars ${passage.start}-${passage.end}${passage.truncated ? ", cut" : ""})`;
        return { content: [{ type: "text", text: `${header}\n\n${passage.text}` }], structuredContent: passage };
      } catch (error) {
        return toolError(error);
      }
    },
  );

  server.registerTool(
    "remove_document",
    {
      title: "Remove a document",
      description: "Deletes a stored document with its graph. Other documents are untouched. This cannot be undone.",
      inputSchema: { docId: DOC_ID },
      outputSchema: RemoveOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async (args) => {
      try {
        await engine.remove(asDocId(args.docId));
        return { content: [{ type: "text", text: `removed ${args.docId}` }], structuredContent: { docId: args.docId, removed: true } };
      } catch (error) {
        return toolError(error);
      }
    },
  );

  server.registerResource(
    "document",
    new ResourceTemplate("pecan://documents/{docId}", {
      list: async () => ({
        resources: (await engine.list()).map((d) => ({
          uri: `pecan://documents/${encodeURIComponent(d.docId)}`,
          name: d.docId,
          title: d.title,
          mimeType: "text/plain",
          description: `${d.tokens} tokens, ${d.nodes} nodes`,
        })),
      }),
    }),
    { title: "A stored document", description: "A stored document's normalised text (the text citations point into).", mimeType: "text/plain" },
    async (uri, variables) => {
      const raw = variables.docId;
      const id = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? ""));
      const doc = await engine.store.getDocument(asDocId(id));
      if (!doc) throw new NotFoundError(`no document "${id}"`);
      return { contents: [{ uri: uri.href, mimeType: "text/plain", text: doc.text }] };
    },
  );

  return server;
}

function registerIngest(server: McpServer, engine: Engine, queue: IngestQueue, currentRoots: () => Promise<RootSet[]>, cwd: string): void {
  const ingestPath = async (path: string, force: boolean, signal: AbortSignal): Promise<IngestReport> => {
    const sets = await currentRoots();
    const real = await checkedPath(path, sets, cwd);
    const absolute = isAbsolute(path) ? path : resolve(cwd, path);
    if (!(await stat(real)).isDirectory()) return queue.run(() => engine.ingestPaths([absolute], { force, signal }));
    const listing = await listUnderRoots(absolute, sets);
    const report = await queue.run(() => engine.ingestPaths(listing.files, { force, signal }));
    return { ...report, skippedPaths: [...listing.skipped, ...report.skippedPaths] };
  };

  server.registerTool(
    "ingest",
    {
      title: "Ingest a document",
      description:
        "Stores a document and builds its graph. Give either `text` (with an optional title and docId) or `path` " +
        "(a .txt, .md, .html or .pdf file, or a directory of them, under the allowed roots: the client's roots, " +
        "the server's --allow directories, or else its working directory). A document with the same id is replaced.",
      inputSchema: {
        text: z.string().min(1).optional().describe("the document's text"),
        path: z.string().min(1).optional().describe("a file or directory to read, under the allowed roots"),
        title: z.string().min(1).max(500).optional(),
        docId: DOC_ID.optional(),
        force: z.boolean().optional().describe("rebuild even when the content is unchanged"),
      },
      outputSchema: IngestOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (args, extra) => {
      try {
        if ((args.text === undefined) === (args.path === undefined)) throw new UsageError("give exactly one of text or path");
        const report =
          args.text !== undefined
            ? await ingestUploads(engine, queue, [pastedUpload({ ...args, text: args.text })], extra.signal)
            : await ingestPath(args.path!, args.force ?? false, extra.signal);
        return await ingestResult(engine, report);
      } catch (error) {
        return toolError(error);
      }
    },
  );
}
