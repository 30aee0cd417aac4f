/**
 * Pecan as a tool in the Vercel AI SDK (v5 or later): the model asks Pecan about your documents
 * and gets back an answer with verbatim citations it can quote.
 *
 * This file is documentation: it is not built with Pecan. To run it in your own project:
 *
 *   npm install pecan ai @ai-sdk/openai zod
 *   pecan ingest contract.pdf handbook.md --db pecan.db      # or upload them to `pecan serve`
 *   OPENAI_API_KEY=... npx tsx vercel-ai-sdk.ts "When does the contract end?"
 *
 * Two ways to reach Pecan are shown: in-process with the library (`createEngine`), or over HTTP
 * from a running `pecan serve` (set PECAN_URL, and PECAN_TOKEN if the server has a token).
 */
import { generateText, stepCountIs, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";
import { asDocId, createEngine, type AskResult } from "pecan";

/** What the model sees of an answer: the text and numbered quotes with where they come from. */
function forTheModel(result: Pick<AskResult, "answer" | "citations">) {
  return {
    answer: result.answer,
    citations: result.citations.map((c, i) => ({
      n: i + 1,
      docId: c.docId,
      page: c.page,
      quote: c.text,
      chars: [c.start, c.end],
    })),
  };
}

const askInput = z.object({
  question: z.string().describe("a question about the user's documents, in plain words"),
  docIds: z.array(z.string()).optional().describe("only these documents (ids from list_documents)"),
});

/** Tools backed by the library, in this process. */
function libraryTools(dbPath: string) {
  const engine = createEngine({ dbPath });
  return {
    tools: {
      list_documents: tool({
        description: "Lists the documents Pecan can answer from: id, title and size.",
        inputSchema: z.object({}),
        execute: async () => engine.list().map((d) => ({ docId: d.docId, title: d.title, tokens: d.tokens })),
      }),
      ask_documents: tool({
        description:
          "Answers a question from the user's documents. Returns an answer and numbered citations that quote " +
          "the documents verbatim; cite them as [n] in your reply.",
        inputSchema: askInput,
        execute: async ({ question, docIds }, { abortSignal }) =>
          forTheModel(await engine.ask(question, { docIds: docIds?.map(asDocId), signal: abortSignal })),
      }),
    },
    close: () => engine.close(),
  };
}

/** The same tools over HTTP, against `pecan serve` (POST /ask answers in the `ask --json` shape). */
function httpTools(baseUrl: string, token?: string) {
  const headers = { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(path, baseUrl), { ...init, headers });
    const body = await res.json();
    if (!res.ok) throw new Error(`${body.error.code}: ${body.error.message}`);
    return body;
  };
  return {
    tools: {
      list_documents: tool({
        description: "Lists the documents Pecan can answer from: id, title and size.",
        inputSchema: z.object({}),
        execute: async () => call("documents"),
      }),
      ask_documents: tool({
        description:
          "Answers a question from the user's documents. Returns an answer and numbered citations that quote " +
          "the documents verbatim; cite them as [n] in your reply.",
        inputSchema: askInput,
        execute: async (input, { abortSignal }) =>
          forTheModel(await call("ask", { method: "POST", body: JSON.stringify(input), signal: abortSignal })),
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
