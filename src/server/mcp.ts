/**
 * `pecan mcp`: Pecan as a Model Context Protocol server, so AI agents can ingest, list and ask.
 * Tools: `ingest` (text or a path), `list_documents`, `ask` (the answer with its citations as
 * text, and the `ask --json` object as structured content). Over stdio, standard output carries
 * protocol messages only.
 */
import { z } from "zod";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { asDocId, toPecanError, UsageError, type AskResult, type Engine } from "../index.js";
import { createIngestQueue } from "./ingest-queue.js";
import { DOC_ID } from "./schemas.js";
import { askJson, ingestJson, summaryJson } from "./shapes.js";
import { ingestUploads, pastedUpload } from "./uploads.js";

/** The version the server reports to clients. */
export const MCP_SERVER_INFO = { name: "pecan", version: "0.1.0" } as const;

const span = z.looseObject({ start: z.number(), end: z.number() });
const askOutput = z.looseObject({
  answer: z.string(),
  citations: z.array(
    z.looseObject({ docId: z.string(), nodeId: z.string(), start: z.number(), end: z.number(), text: z.string(), page: z.number().optional() }),
  ),
  context: z.array(z.looseObject({ docId: z.string(), nodeId: z.string(), level: z.number(), text: z.string(), spans: z.array(span) })),
  trace: z.looseObject({ stop: z.string(), steps: z.array(z.looseObject({ nodeId: z.string(), score: z.number(), tokens: z.number() })) }),
  cost: z.looseObject({ nodesRead: z.number(), tokensRead: z.number(), steps: z.number(), ms: z.number() }),
});

/** The text an agent reads: the answer, then numbered citations with their quotes, then the cost. */
export async function answerText(engine: Engine, result: AskResult): Promise<string> {
  const lines = [result.answer.trim().length > 0 ? result.answer.trim() : "(no answer found in what was read)"];
  if (result.citations.length > 0) {
    lines.push("", "Citations:");
    for (const [i, c] of result.citations.entries()) {
      const title = (await engine.store.getDocument(c.docId))?.title ?? c.docId;
      const page = c.page !== undefined ? `, p. ${c.page}` : "";
      lines.push(`[${i + 1}] ${title} (${c.docId}${page}, chars ${c.start}-${c.end}): "${c.text.replace(/\s+/g, " ").trim()}"`);
    }
  }
  const c = result.cost;
  lines.push("", `(${c.tokensRead} tokens read in ${c.steps} steps; stop: ${result.trace.stop})`);
  return lines.join("\n");
}

function toolError(error: unknown): CallToolResult {
  const { code, message } = toPecanError(error);
  return { content: [{ type: "text", text: `${code}: ${message}` }], isError: true };
}

/**
 * An MCP server over an engine (not yet connected to a transport).
 * @example const server = createMcpServer(engine); await server.connect(new StdioServerTransport());
 */
export function createMcpServer(engine: Engine): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, {
    instructions:
      "Pecan answers questions about stored documents with verbatim citations. Ingest documents first " +
      "(ingest), see what is stored (list_documents), then ask questions (ask).",
  });
  const queue = createIngestQueue();

  server.registerTool(
    "ingest",
    {
      title: "Ingest a document",
      description:
        "Stores a document and builds its graph. Give either `text` (with an optional title and docId) or `path` " +
        "(a .txt, .md, .html or .pdf file, or a directory of them, on the server's machine).",
      inputSchema: {
        text: z.string().min(1).optional().describe("the document's text"),
        path: z.string().min(1).optional().describe("a file or directory to read"),
        title: z.string().min(1).max(500).optional(),
        docId: DOC_ID.optional(),
        force: z.boolean().optional().describe("rebuild even when the content is unchanged"),
      },
    },
    async (args, extra) => {
      try {
        if ((args.text === undefined) === (args.path === undefined)) throw new UsageError("give exactly one of text or path");
        const report =
          args.text !== undefined
            ? await ingestUploads(engine, queue, [pastedUpload({ ...args, text: args.text })], extra.signal)
            : await queue.run(() => engine.ingestPaths([args.path!], { force: args.force ?? false, signal: extra.signal }));
        const lines = report.documents.map(
          (d) => `${d.docId}: ${d.skipped ? `skipped (${d.skipped})` : `${d.tokens} tokens, ${d.nodes} nodes, ${d.edges} edges`}`,
        );
        for (const s of report.skippedPaths) lines.push(`skipped ${s.path}: ${s.reason}`);
        return {
          content: [{ type: "text", text: lines.length > 0 ? lines.join("\n") : "nothing to ingest" }],
          structuredContent: ingestJson(report) as Record<string, unknown>,
        };
      } catch (error) {
        return toolError(error);
      }
    },
  );

  server.registerTool(
    "list_documents",
    { title: "List documents", description: "The stored documents: id, title, tokens, nodes, levels." },
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
        "the documents verbatim (document id and character range).",
      inputSchema: {
        question: z.string().min(1),
        docIds: z.array(DOC_ID).optional().describe("ask these documents only"),
        budget: z.number().int().min(1).optional().describe("cap on context tokens read"),
        patience: z.number().int().min(1).optional(),
        maxSteps: z.number().int().min(1).optional(),
        fill: z.boolean().optional().describe("ignore the judge and read up to the budget"),
      },
      outputSchema: askOutput,
    },
    async (args, extra) => {
      try {
        if ((args.docIds?.length ?? 0) === 0 && (await engine.list()).length === 0) {
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
        return {
          content: [{ type: "text", text: await answerText(engine, result) }],
          structuredContent: askJson(result) as Record<string, unknown>,
        };
      } catch (error) {
        return toolError(error);
      }
    },
  );

  return server;
}

/**
 * Serves `engine` over stdio until the client closes the connection; resolves then.
 * @example await runMcpStdio(createEngine({ dbPath: "pecan.db" }));
 */
export async function runMcpStdio(engine: Engine): Promise<void> {
  const server = createMcpServer(engine);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
    process.stdin.once("close", () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
