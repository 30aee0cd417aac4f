/**
 * Pecan as tools in the Vercel AI SDK (`ai` 6): the model lists the documents, searches
 * passages and asks Pecan, and gets back answers with verbatim citations it can quote.
 *
 * This file is documentation: it is not built with Pecan. To run it in your own project:
 *
 *   npm install pecan ai @ai-sdk/openai zod
 *   npx pecan ingest contract.pdf handbook.md --db pecan.db      # or upload them to `pecan serve`
 *   OPENAI_API_KEY=... npx tsx vercel-ai-sdk.ts "When does the contract end?"
 *
 * Two ways to reach Pecan are shown: in-process with `pecan/ai` (three tools over an engine), or
 * over HTTP from a running `pecan serve` (set PECAN_URL, and PECAN_TOKEN if the server has a
 * token), parsing its answers with the same zod schemas the server writes them with.
 */
import { generateText, stepCountIs, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { createEngine, AskRequest, AskResultJson, DocumentListJson } from "pecan";
import { pecanTools } from "pecan/ai";
import { z } from "zod";

/** Tools backed by the library, in this process: ask, searchPassages, listDocuments. */
function libraryTools(dbPath: string) {
  const engine = createEngine({ dbPath });
  return { tools: pecanTools(engine), close: () => engine.close() };
}

/** The same idea over HTTP, against `pecan serve` (POST /ask answers in the `ask --json` shape). */
function httpTools(baseUrl: string, token?: string) {
  const headers = { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const call = async <S extends z.ZodType>(schema: S, path: string, init: RequestInit = {}): Promise<z.output<S>> => {
    const res = await fetch(new URL(path, baseUrl), { ...init, headers });
    if (!res.ok) throw new Error(`pecan serve answered ${res.status}: ${await res.text()}`);
    return schema.parse(await res.json());
  };
  return {
    tools: {
      listDocuments: tool({
        description: "List the stored documents: id, title, tokens, nodes.",
        inputSchema: z.object({}),
        outputSchema: DocumentListJson,
        execute: async () => call(DocumentListJson, "documents"),
      }),
      ask: tool({
        description: "Answer a question from the stored documents, with verbatim citations; cite them as [n] in your reply.",
        inputSchema: AskRequest,
        outputSchema: AskResultJson,
        execute: async (input, { abortSignal }) =>
          call(AskResultJson, "ask", { method: "POST", body: JSON.stringify(input), ...(abortSignal ? { signal: abortSignal } : {}) }),
      }),
    },
    close: () => undefined,
  };
}

const question = process.argv.slice(2).join(" ") || "What do my documents say about termination?";
const pecan = process.env.PECAN_URL ? httpTools(process.env.PECAN_URL, process.env.PECAN_TOKEN) : libraryTools(process.env.PECAN_DB ?? "pecan.db");
try {
  const { text, steps } = await generateText({
    model: openai("gpt-4o-mini"),
    system: "Answer from the user's documents only, through the tools. Quote the citations you rely on as [n].",
    prompt: question,
    tools: pecan.tools,
    stopWhen: stepCountIs(5),
  });
  console.log(text);
  console.log(`\n(${steps.length} steps)`);
} finally {
  pecan.close();
}
