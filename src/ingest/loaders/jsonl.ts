/**
 * JSONL loader: one document per line, `{ doc_id, title?, text, ...extra }`, streamed from disk
 * so files of any size load in constant memory (one row at a time). Rows are parsed with zod;
 * extra fields are kept in `meta`. Rows are decoded as strict UTF-8, one row at a time.
 */
import { createReadStream } from "node:fs";
import { z } from "zod";
import { InputError, PecanError } from "../../core/errors.js";
import { asDocId, docIdProblem, showId } from "../../core/ids.js";
import type { LoadedDocument } from "../../core/types.js";
import { hasText, normalizeText } from "../normalize.js";
import { checkSize, resolveLoadOptions, type LoadOptions } from "./load-options.js";

const JsonlRow = z.looseObject({
  doc_id: z.string().min(1),
  title: z.string().optional(),
  text: z.string(),
});

/** One line of a byte stream, with its 1-based number. */
interface RawLine {
  readonly number: number;
  readonly bytes: Uint8Array;
}

/** Splits a byte stream at `\n`, refusing a line longer than `maxBytes` before buffering it whole. */
async function* byteLines(file: string, maxBytes: number): AsyncGenerator<RawLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(10, from);
        const piece = chunk.subarray(from, nl < 0 ? chunk.length : nl);
        pendingBytes += piece.length;
        checkSize(pendingBytes, `${file} line ${number + 1}`, { maxBytes });
        if (nl < 0) {
          if (piece.length > 0) pending.push(piece);
          break;
        }
        number++;
        const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
        yield { number, bytes };
        pending = [];
        pendingBytes = 0;
        from = nl + 1;
      }
    }
  } catch (error) {
    if (error instanceof PecanError) throw error;
    throw new InputError("E_FILE_UNREADABLE", `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  } finally {
    stream.destroy();
  }
  if (pendingBytes > 0) yield { number: number + 1, bytes: Buffer.concat(pending) };
}

function malformed(file: string, line: number, why: string, cause?: unknown): InputError {
  return new InputError("E_INPUT_MALFORMED", `${file} line ${line}: ${why}`, { cause });
}

/** Parses one JSONL row into a document; `line` is 1-based, for messages. */
export function parseJsonlRow(json: string, file: string, line: number): LoadedDocument {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw malformed(file, line, "not valid JSON", error);
  }
  const parsed = JsonlRow.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw malformed(file, line, `expected { doc_id, title?, text }; ${where}${issue?.message ?? "invalid row"}`);
  }
  const { doc_id: docId, title, text: rawText, ...extra } = parsed.data;
  const problem = docIdProblem(docId);
  if (problem !== undefined) throw malformed(file, line, `doc_id ${showId(docId)} is not valid: ${problem}`);
  const text = normalizeText(rawText);
  if (!hasText(text)) throw new InputError("E_INPUT_EMPTY", `${file} line ${line} (${docId}) has no text`);
  const doc: LoadedDocument = {
    docId: asDocId(docId),
    title: title !== undefined && title.trim().length > 0 ? title.trim() : docId,
    text,
    source: `jsonl:${file}`,
  };
  return Object.keys(extra).length > 0 ? { ...doc, meta: extra } : doc;
}

/**
 * Streams the documents of a JSONL file, one per non-blank line. A bad row throws
 * `E_INPUT_MALFORMED` naming its line; a row with empty text throws `E_INPUT_EMPTY`; a row
 * over `maxBytes` throws `E_INPUT_TOO_LARGE`; a file that cannot be read, `E_FILE_UNREADABLE`.
 * A doc_id that breaks the id rule (`core/ids.ts`), or one already used on an earlier line of
 * the same file, throws `E_INPUT_MALFORMED` naming the line (and the earlier one): a repeated id
 * would otherwise silently replace the earlier record.
 * @example for await (const doc of loadJsonl("corpus.jsonl")) console.log(doc.docId);
 */
export async function* loadJsonl(file: string, options: Partial<LoadOptions> = {}): AsyncGenerator<LoadedDocument> {
  const { maxBytes } = resolveLoadOptions(options);
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const seen = new Map<string, number>();
  for await (const raw of byteLines(file, maxBytes)) {
    let json: string;
    try {
      json = decoder.decode(raw.bytes);
    } catch (error) {
      throw new InputError("E_INPUT_BINARY", `${file} line ${raw.number} is not valid UTF-8`, { cause: error });
    }
    if (raw.number === 1 && json.charCodeAt(0) === 0xfeff) json = json.slice(1);
    if (json.trim().length === 0) continue;
    const doc = parseJsonlRow(json, file, raw.number);
    const earlier = seen.get(doc.docId);
    if (earlier !== undefined) throw malformed(file, raw.number, `doc_id ${showId(doc.docId)} was already used on line ${earlier}`);
    seen.set(doc.docId, raw.number);
    yield doc;
  }
}
