/**
 * Character-range arithmetic for the evaluation metrics: merging, intersecting and weighing
 * half-open `[start, end)` ranges of one document's text. Weights count non-whitespace
 * characters only, so a span's recall does not depend on how much layout whitespace sits
 * inside it (pdftotext tables, NQ's spaced punctuation).
 */
import type { Span } from "../index.js";

/**
 * Sorted, non-overlapping ranges covering the same characters; touching ranges are joined.
 * @example mergeSpans([{ start: 5, end: 9 }, { start: 0, end: 6 }]) // [{ start: 0, end: 9 }]
 */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** True for the characters JavaScript's `\s` matches. */
export function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const PREFIX_CACHE = new Map<string, Uint32Array>();
const PREFIX_CACHE_SIZE = 8;

/**
 * `prefix[i]` = non-whitespace characters of `text` before offset `i` (length `n + 1`).
 * The last few texts are cached, as every question of a document weighs spans of the same text.
 */
export function nonSpacePrefix(text: string): Uint32Array {
  const hit = PREFIX_CACHE.get(text);
  if (hit) return hit;
  const prefix = new Uint32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) prefix[i + 1] = (prefix[i] as number) + (isSpace(text.charCodeAt(i)) ? 0 : 1);
  PREFIX_CACHE.set(text, prefix);
  if (PREFIX_CACHE.size > PREFIX_CACHE_SIZE) PREFIX_CACHE.delete(PREFIX_CACHE.keys().next().value as string);
  return prefix;
}

/** A function weighing a range: its non-whitespace characters in `text`, or its length without text. */
export function spanWeigher(text: string | undefined): (start: number, end: number) => number {
  if (text === undefined) return (start, end) => Math.max(0, end - start);
  const prefix = nonSpacePrefix(text);
  const clamp = (i: number) => Math.max(0, Math.min(text.length, i));
  return (start, end) => (end > start ? (prefix[clamp(end)] as number) - (prefix[clamp(start)] as number) : 0);
}

/**
 * Weight of the characters of `a` that `b` also covers. Both must be merged (sorted, disjoint).
 * Linear in the number of ranges.
 */
export function overlapWeight(a: readonly Span[], b: readonly Span[], weigh: (start: number, end: number) => number): number {
  let total = 0;
  let j = 0;
  for (const s of a) {
    while (j < b.length && (b[j] as Span).end <= s.start) j++;
    for (let k = j; k < b.length && (b[k] as Span).start < s.end; k++) {
      const r = b[k] as Span;
      total += weigh(Math.max(s.start, r.start), Math.min(s.end, r.end));
    }
  }
  return total;
}

/** Separator {@link readTextOf} puts between ranges that are not contiguous: no answer spans it. */
export const GAP = "\u0000";

/**
 * The text of a document under some ranges, in document order: ranges separated only by
 * whitespace are read as one stretch; other stretches are joined with {@link GAP}, so an
 * answer is never found across two pieces that are apart in the document.
 */
export function readTextOf(docText: string, spans: readonly Span[]): string {
  const merged = mergeSpans(spans);
  const pieces: string[] = [];
  let pieceStart = -1;
  let pieceEnd = -1;
  for (const s of merged) {
    if (pieceStart >= 0 && docText.slice(pieceEnd, s.start).trim() === "") {
      pieceEnd = s.end;
      continue;
    }
    if (pieceStart >= 0) pieces.push(docText.slice(pieceStart, pieceEnd));
    pieceStart = s.start;
    pieceEnd = s.end;
  }
  if (pieceStart >= 0) pieces.push(docText.slice(pieceStart, pieceEnd));
  return pieces.join(GAP);
}
