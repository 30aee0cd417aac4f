/**
 * PDF loader on pdf.js (pdfjs-dist 5, the legacy build meant for Node; no worker thread, no
 * eval, no system fonts). A page's text comes from its text-content items in content order:
 * a line break where pdf.js marks an end of line or the baseline moves, a blank line where it
 * moves by more than ~1.7 lines (a paragraph gap), a space where a horizontal gap separates
 * two items. Pages are joined with a blank line; `pageStarts` records where each one starts.
 */
import { InputError } from "../../core/errors.js";
import { hasText, normalizeText } from "../normalize.js";
import type { ParsedText } from "./load-options.js";

/** The fields of a pdf.js text item that layout needs. */
interface TextItemLike {
  readonly str: string;
  readonly hasEOL: boolean;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

/** A baseline move beyond this share of the font size starts a new line. */
const NEW_LINE_SHARE = 0.5;
/** A baseline move beyond this many font sizes is a paragraph gap. */
const PARAGRAPH_GAP = 1.7;
/** A horizontal gap beyond this share of the font size is a space. */
const SPACE_SHARE = 0.15;

function isTextItem(item: unknown): item is TextItemLike {
  return typeof item === "object" && item !== null && typeof (item as { str?: unknown }).str === "string";
}

/** Lays one page's text items out as lines. */
export function layoutPage(items: readonly unknown[]): string {
  const out: string[] = [];
  let pendingEol = false;
  let last: { x: number; y: number; end: number; size: number } | undefined;
  let lastChar = "";
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const size = Math.abs(item.height) || Math.hypot(item.transform[2] ?? 0, item.transform[3] ?? 0) || 1;
    if (item.str.length > 0) {
      if (last !== undefined) {
        const dy = Math.abs(y - last.y);
        const lineSize = Math.max(size, last.size);
        if (pendingEol || dy > NEW_LINE_SHARE * lineSize) {
          out.push(dy > PARAGRAPH_GAP * lineSize ? "\n\n" : "\n");
        } else if (x - last.end > SPACE_SHARE * lineSize && !/\s/.test(lastChar) && !/^\s/.test(item.str)) {
          out.push(" ");
        }
      }
      out.push(item.str);
      lastChar = item.str[item.str.length - 1] ?? "";
      last = { x, y, end: x + item.width, size };
      pendingEol = false;
    }
    if (item.hasEOL) pendingEol = true;
  }
  return out.join("");
}

function unreadable(name: string, error: unknown): InputError {
  const kind = error instanceof Error && error.name === "PasswordException" ? "is encrypted" : "cannot be read";
  const detail = error instanceof Error ? `: ${error.message}` : "";
  return new InputError("E_PDF_UNREADABLE", `${name} ${kind} as a PDF${detail}`, { cause: error });
}

/**
 * A word hyphenated across a line end ("iden-" / "tifier is ..."): a letter, a hyphen at the
 * end of the line, a lower-case word starting the next. The word is joined on the first line
 * and the rest of the next line stays where it was.
 */
const LINE_END_HYPHEN = /(\p{L})[-\u00ad]\n(\p{Ll}[\p{L}\p{M}]*)[ \t]?/gu;

/** Rejoins words hyphenated at line ends. "self-\ncontained" keeps its hyphen when the part before it is a whole short word already hyphenated elsewhere on the page. */
export function dehyphenate(text: string): string {
  const compounds = new Set([...text.matchAll(/\p{L}+-\p{L}+/gu)].map((m) => m[0].toLowerCase()));
  return text.replace(LINE_END_HYPHEN, (whole, last: string, next: string, offset: number) => {
    let w = offset;
    while (w > 0 && /\p{L}/u.test(text[w - 1] ?? "")) w--;
    const head = text.slice(w, offset) + last;
    if (compounds.has(`${head}-${next}`.toLowerCase())) return `${last}-${next}\n`;
    return `${last}${next}\n`;
  });
}

/** Trims every line's ends and the page's ends, rejoins hyphenated words; keeps blank lines. */
function tidyPage(text: string): string {
  const lines = normalizeText(text)
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
  return dehyphenate(lines)
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Reads a PDF's text, page by page. Throws `E_PDF_UNREADABLE` for an encrypted or broken PDF
 * and `E_INPUT_EMPTY` for one without text (a scan, say).
 * @example const { text, pageStarts } = await parsePdf(bytes, "report.pdf");
 */
export async function parsePdf(bytes: Uint8Array, name: string): Promise<ParsedText> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    // pdf.js may transfer the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    useWorkerFetch: false,
    verbosity: 0,
  });
  const pages: string[] = [];
  let title: string | undefined;
  try {
    const doc = await task.promise;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      pages.push(tidyPage(layoutPage(content.items)));
      page.cleanup();
    }
    const info: unknown = (await doc.getMetadata().catch(() => undefined))?.info;
    const raw = typeof info === "object" && info !== null ? (info as { Title?: unknown }).Title : undefined;
    if (typeof raw === "string" && raw.trim().length > 0) title = normalizeText(raw).replace(/\s+/g, " ").trim();
  } catch (error) {
    throw unreadable(name, error);
  } finally {
    await task.destroy();
  }
  const pageStarts: number[] = [];
  let offset = 0;
  for (const page of pages) {
    pageStarts.push(offset);
    offset += page.length + 2;
  }
  const text = pages.join("\n\n");
  if (!hasText(text)) throw new InputError("E_INPUT_EMPTY", `${name} has no text`);
  return title === undefined ? { text, pageStarts } : { text, title, pageStarts };
}
