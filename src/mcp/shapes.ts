/**
 * What the MCP tools answer: the text an agent reads, and the structured content with the
 * output schemas the tools declare (the CLI's `--json` shapes, PECAN.md section 6).
 */
import { z } from "zod";
import { AskResultJson, DocumentListJson, IngestJson, RemovedJson, type AskResult, type DocumentRecord, type Engine } from "../index.js";

/** `ask`: the `ask --json` object (the contract's `AskResultJson`). */
export const AskOutput = AskResultJson;

/**
 * `ingest`: the `ingest --json` object (the contract's `IngestJson`) with the paths a directory
 * walk passed over, and warnings about documents whose model summaries fell back.
 */
export const IngestOutput = IngestJson.extend({
  skippedPaths: z.array(z.object({ path: z.string(), reason: z.string() })),
  warnings: z.array(z.string()).optional(),
});

/** `list_documents`: the stored documents (the rows of `GET /documents`). */
export const ListOutput = z.object({ documents: DocumentListJson });

/** `remove_document`: the shape of `DELETE /documents/:id`. */
export const RemoveOutput = RemovedJson;

/** `read_passage`: a bounded piece of a document's text around a character range. */
export const PassageOutput = z.object({
  docId: z.string(),
  title: z.string(),
  /** The range of the document's text that `text` is: `[start, end)`. */
  start: z.number(),
  end: z.number(),
  text: z.string(),
  /** The page `start` falls on, for documents with pages. */
  page: z.number().optional(),
  /** True when the asked range was longer than the limit and was cut. */
  truncated: z.boolean(),
});
export type PassageOutput = z.infer<typeof PassageOutput>;

/** Named defaults of `read_passage`. */
export const DEFAULT_PASSAGE = Object.freeze({
  /** Characters shown on each side of the range when the caller names none. */
  context: 300,
  /** Most context characters a caller may ask for on each side. */
  maxContext: 2000,
  /** Longest range shown; a longer one is cut at its start plus this. */
  maxChars: 4000,
});

/** The page (1-based) an offset falls on, from the document's page starts. */
function pageOf(doc: DocumentRecord, offset: number): number | undefined {
  const starts = doc.pageStarts;
  if (starts === undefined || starts.length === 0) return undefined;
  let page = 0;
  while (page < starts.length && (starts[page] ?? 0) <= offset) page++;
  return Math.max(1, page);
}

/**
 * The text of `[start, end)` widened by `context` characters each side, clamped to the
 * document, the range cut at `maxChars`.
 * @example passageOf(doc, 120, 180, 50) // { start: 70, end: 230, text: "...", truncated: false }
 */
export function passageOf(doc: DocumentRecord, start: number, end: number, context: number, maxChars = DEFAULT_PASSAGE.maxChars): PassageOutput {
  const length = doc.text.length;
  const from = Math.min(Math.max(0, start), length);
  const asked = Math.min(Math.max(from, end), length);
  const to = Math.min(asked, from + maxChars);
  const wideStart = Math.max(0, from - context);
  const wideEnd = Math.min(length, to + context);
  const page = pageOf(doc, from);
  return {
    docId: doc.docId,
    title: doc.title,
    start: wideStart,
    end: wideEnd,
    text: doc.text.slice(wideStart, wideEnd),
    ...(page !== undefined ? { page } : {}),
    truncated: to < asked,
  };
}

/** The text an agent reads: the answer, then numbered citations with their quotes, then the cost. */
export async function answerText(engine: Engine, result: AskResult): Promise<string> {
  const cited = [...new Set(result.citations.map((c) => c.docId))];
  const titles = new Map((await engine.list(cited)).map((d) => [d.docId as string, d.title]));
  const lines = [result.answer.trim().length > 0 ? result.answer.trim() : "(no answer found in what was read)"];
  if (result.citations.length > 0) {
    lines.push("", "Citations:");
    result.citations.forEach((c, i) => {
      const title = titles.get(c.docId) ?? c.docId;
      const page = c.page !== undefined ? `, p. ${c.page}` : "";
      lines.push(`[${i + 1}] ${title} (${c.docId}${page}, chars ${c.start}-${c.end}): "${c.text.replace(/\s+/g, " ").trim()}"`);
    });
  }
  const c = result.cost;
  lines.push("", `(${result.found ? "found" : "not found"}, confidence ${result.confidence.toFixed(2)}; ${c.tokensRead} tokens read in ${c.steps} steps; stop: ${result.trace.stop})`);
  return lines.join("\n");
}
