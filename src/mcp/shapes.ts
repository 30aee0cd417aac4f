/**
 * What the MCP tools answer: the text an agent reads, and the structured content with the
 * output schemas the tools declare (the CLI's `--json` shapes, PECAN.md section 6).
 */
import { z } from "zod";
import type { AskResult, DocumentRecord, Engine } from "../index.js";

const span = z.looseObject({ start: z.number(), end: z.number() });

/** `ask`: the `ask --json` object. */
export const AskOutput = z.looseObject({
  answer: z.string(),
  citations: z.array(
    z.looseObject({ docId: z.string(), nodeId: z.string(), start: z.number(), end: z.number(), text: z.string(), page: z.number().optional() }),
  ),
  context: z.array(z.looseObject({ docId: z.string(), nodeId: z.string(), level: z.number(), text: z.string(), spans: z.array(span) })),
  trace: z.looseObject({ stop: z.string(), steps: z.array(z.looseObject({ nodeId: z.string(), score: z.number(), tokens: z.number() })) }),
  cost: z.looseObject({ nodesRead: z.number(), tokensRead: z.number(), steps: z.number(), ms: z.number() }),
});

/** `ingest`: the `ingest --json` object, with the paths a directory walk passed over. */
export const IngestOutput = z.looseObject({
  documents: z.array(
    z.looseObject({ docId: z.string(), title: z.string(), tokens: z.number(), nodes: z.number(), edges: z.number(), skipped: z.string().optional() }),
  ),
  cost: z.looseObject({ llmCalls: z.number(), llmTokensIn: z.number(), llmTokensOut: z.number(), ms: z.number() }),
  skippedPaths: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** Documents whose model summaries fell back to the extractive summarizer. */
  warnings: z.array(z.string()).optional(),
});

/** `list_documents`: the stored documents. */
export const ListOutput = z.object({
  documents: z.array(z.looseObject({ docId: z.string(), title: z.string(), tokens: z.number(), nodes: z.number(), levels: z.number() })),
});

/** `remove_document`: the id removed. */
export const RemoveOutput = z.object({ removed: z.string() });

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
export function answerText(engine: Engine, result: AskResult): string {
  const lines = [result.answer.trim().length > 0 ? result.answer.trim() : "(no answer found in what was read)"];
  if (result.citations.length > 0) {
    lines.push("", "Citations:");
    result.citations.forEach((c, i) => {
      const title = engine.store.getDocument(c.docId)?.title ?? c.docId;
      const page = c.page !== undefined ? `, p. ${c.page}` : "";
      lines.push(`[${i + 1}] ${title} (${c.docId}${page}, chars ${c.start}-${c.end}): "${c.text.replace(/\s+/g, " ").trim()}"`);
    });
  }
  const c = result.cost;
  lines.push("", `(${c.tokensRead} tokens read in ${c.steps} steps; stop: ${result.trace.stop})`);
  return lines.join("\n");
}
