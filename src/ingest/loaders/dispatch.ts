/**
 * Picks a loader by file extension (and by the `%PDF-` signature for files without one), and
 * turns its output into a `LoadedDocument` with a stable id derived from the file name.
 */
import { createHash } from "node:crypto";
import { open, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { InputError, PecanError } from "../../core/errors.js";
import { asDocId, type DocId } from "../../core/ids.js";
import type { LoadedDocument } from "../../core/types.js";
import { requireText } from "../normalize.js";
import { parseHtml } from "./html.js";
import { checkSize, resolveLoadOptions, type LoadOptions, type ParsedText } from "./load-options.js";
import { parseMarkdown } from "./markdown.js";
import { parsePdf } from "./pdf.js";
import { parseText } from "./text.js";

/** The formats a file can be read as. */
export type DocumentFormat = "text" | "markdown" | "html" | "pdf";

const EXTENSIONS: ReadonlyMap<string, DocumentFormat> = new Map([
  [".txt", "text"],
  [".text", "text"],
  [".rst", "text"],
  [".adoc", "text"],
  [".org", "text"],
  [".md", "markdown"],
  [".markdown", "markdown"],
  [".mdown", "markdown"],
  [".mkd", "markdown"],
  [".html", "html"],
  [".htm", "html"],
  [".xhtml", "html"],
  [".pdf", "pdf"],
]);

const LOADERS: Readonly<Record<DocumentFormat, (bytes: Uint8Array, name: string) => ParsedText | Promise<ParsedText>>> = {
  text: parseText,
  markdown: parseMarkdown,
  html: parseHtml,
  pdf: parsePdf,
};

const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** True when bytes start with the PDF signature `%PDF-`. */
export function isPdfBytes(bytes: Uint8Array): boolean {
  return PDF_SIGNATURE.every((b, i) => bytes[i] === b);
}

const NUMERIC_EXTENSION = /^\.[0-9]+$/;

/**
 * The format a file name's extension names: `undefined` for an extension no loader reads,
 * `"unknown"` for a name without an extension (the content decides: PDF or text). An
 * extension of digits only names no format either: it is a version or a number
 * ("Apache-2.0", "GPL-3", a man page's "ls.1", a rotated "syslog.2"), so the content decides.
 */
export function formatOfName(name: string): DocumentFormat | "unknown" | undefined {
  const ext = extname(name).toLowerCase();
  if (ext === "" || ext === "." || NUMERIC_EXTENSION.test(ext)) return "unknown";
  return EXTENSIONS.get(ext);
}

/** The error for a file no loader reads; a JSONL file is told where it is read. */
export function unsupportedFile(name: string): InputError {
  const hint = extname(name).toLowerCase() === ".jsonl" ? ' (JSONL of {"doc_id","title","text"} rows is read with --jsonl FILE, or loadJsonl)' : "";
  return new InputError("E_INPUT_UNSUPPORTED", `${name}: no loader reads ${extname(name)} files${hint}`);
}

/** The file name extensions the loaders read, with their dots. */
export function documentExtensions(): string[] {
  return [...EXTENSIONS.keys()];
}

/** Latin letters that NFKD does not decompose, spelled in ASCII. */
const FOLDED: Readonly<Record<string, string>> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th" };

/**
 * A document id from a file name: the name without its extension, folded to ASCII letters
 * where it can be (NFKD, accents dropped), lower case, runs of other characters as one dash.
 * Names with no such letters get `doc-` and a hash of the name. Stable: the same name always gives the same id.
 * @example docIdFromName("reports/Q3 Résumé (final).PDF") // "q3-resume-final"
 */
export function docIdFromName(name: string): DocId {
  const base = basename(name);
  const ext = extname(base);
  // A numeric extension is part of the name ("GFDL-1.2" and "GFDL-1.3" are two documents).
  const stem = (NUMERIC_EXTENSION.test(ext) ? base : base.slice(0, base.length - ext.length)) || base;
  const slug = stem
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþ]/g, (ch) => FOLDED[ch] ?? ch)
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-._]+|[-.]+$/g, "");
  const hash = createHash("sha256").update(stem).digest("hex").slice(0, 10);
  if (slug.length === 0) return asDocId(`doc-${hash}`);
  // Within the id rule's 128 characters, still distinct for long names that share a prefix.
  return asDocId(slug.length <= 128 ? slug : `${slug.slice(0, 117)}-${hash}`);
}

function resolveFormat(name: string, bytes: Uint8Array): DocumentFormat {
  const format = formatOfName(name);
  if (format === undefined) throw unsupportedFile(name);
  if (format === "unknown") return isPdfBytes(bytes) ? "pdf" : "text";
  return format;
}

async function toDocument(name: string, source: string, bytes: Uint8Array): Promise<LoadedDocument> {
  const parsed = await LOADERS[resolveFormat(name, bytes)](bytes, name);
  const text = requireText(parsed.text, name);
  const doc: LoadedDocument = {
    docId: docIdFromName(name),
    title: parsed.title ?? basename(name),
    text,
    source,
  };
  return parsed.pageStarts === undefined ? doc : { ...doc, pageStarts: parsed.pageStarts };
}

/**
 * Loads a document from bytes (an upload, say); the loader is picked by `name`'s extension.
 * Throws `E_INPUT_UNSUPPORTED`, `E_INPUT_TOO_LARGE`, `E_INPUT_BINARY`, `E_INPUT_EMPTY` or
 * `E_PDF_UNREADABLE`.
 * @example const doc = await loadBuffer("notes.md", bytes);
 */
export async function loadBuffer(
  name: string,
  bytes: Uint8Array,
  options: Partial<LoadOptions> = {},
): Promise<LoadedDocument> {
  checkSize(bytes.length, name, resolveLoadOptions(options));
  return toDocument(name, name, bytes);
}

/**
 * Loads one file. Its size is checked before it is read; a file that cannot be read throws
 * `E_FILE_UNREADABLE`, and the format loaders' errors pass through.
 * @example const doc = await loadFile("docs/contract.pdf"); // doc.docId === "contract"
 */
export async function loadFile(path: string, options: Partial<LoadOptions> = {}): Promise<LoadedDocument> {
  const resolved = resolveLoadOptions(options);
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError("E_FILE_UNREADABLE", `${path} is not a regular file`);
    resolveFormat(path, new Uint8Array(0));
    checkSize(info.size, path, resolved);
    bytes = await readAtMost(path, resolved.maxBytes);
  } catch (error) {
    if (error instanceof PecanError) throw error;
    throw new InputError("E_FILE_UNREADABLE", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  checkSize(bytes.length, path, resolved);
  return toDocument(path, path, bytes);
}

/** Reads a file, stopping one byte past `maxBytes` (it may have grown since it was stat'ed). */
async function readAtMost(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const size = Math.min(1 << 20, maxBytes + 1 - total);
      if (size <= 0) break;
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(size), 0, size, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
