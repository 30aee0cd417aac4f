/**
 * Locating a gold evidence string in its document's text, in three tiers:
 * 1. exact: the string occurs verbatim;
 * 2. loose: it occurs once whitespace is ignored and case, quotes and dashes are folded
 *    (benchmarks re-extract PDFs and re-flow lines, so layout rarely survives verbatim);
 * 3. pieces: for long evidence (tables, several lines), its lines and sentences are found
 *    loosely, each near the others: an anchor piece (long, with few occurrences) fixes where
 *    the evidence sits, every other piece takes its occurrence nearest to where it should be.
 *    At least half of the evidence's characters must be found, else it is not located.
 * Evidence that cannot be located is reported as such by the caller, never silently dropped.
 */
import type { Span } from "../index.js";
import { splitSentences } from "../internal.js";
import { isSpace, mergeSpans } from "./spans.js";

/** How a piece of evidence was located, and the share of its characters found. */
export interface LocatedEvidence {
  readonly spans: readonly Span[];
  readonly method: "exact" | "loose" | "pieces";
  /** Share of the evidence's non-whitespace characters found (1 for exact and loose). */
  readonly share: number;
}

/** Knobs of the piecewise tier. */
export interface LocateOptions {
  /** Evidence with fewer folded characters is never located piecewise. */
  readonly minPiecewiseChars: number;
  /** The anchor piece needs at least this many folded characters. */
  readonly minAnchorChars: number;
  /** Share of the evidence's characters that must be found piecewise. */
  readonly minShare: number;
  /** Occurrences of one piece considered at most. */
  readonly maxOccurrences: number;
}

export const DEFAULT_LOCATE: LocateOptions = Object.freeze({
  minPiecewiseChars: 40,
  minAnchorChars: 12,
  minShare: 0.5,
  maxOccurrences: 64,
});

/** A text with whitespace removed and characters folded; `map[i]` is the offset of key char `i`. */
interface Folded {
  readonly key: string;
  readonly map: Uint32Array;
}

const QUOTES: Record<string, string> = {
  "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
  "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
};

function foldChar(ch: string): string {
  const q = QUOTES[ch];
  if (q !== undefined) return q;
  const lower = ch.toLowerCase();
  return lower.length === 1 ? lower : ch;
}

function fold(text: string): Folded {
  const chars: string[] = [];
  const map = new Uint32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code) || code === 0xad) continue;
    chars.push(foldChar(text[i] as string));
    map[n++] = i;
  }
  return { key: chars.join(""), map: map.subarray(0, n) };
}

const FOLD_CACHE = new Map<string, Folded>();

function foldedDocument(text: string): Folded {
  const hit = FOLD_CACHE.get(text);
  if (hit) return hit;
  const folded = fold(text);
  FOLD_CACHE.set(text, folded);
  if (FOLD_CACHE.size > 8) FOLD_CACHE.delete(FOLD_CACHE.keys().next().value as string);
  return folded;
}

function spanOfKey(doc: Folded, from: number, to: number): Span {
  return { start: doc.map[from] as number, end: (doc.map[to - 1] as number) + 1 };
}

function occurrences(hay: string, needle: string, limit: number): number[] {
  const out: number[] = [];
  for (let at = hay.indexOf(needle); at >= 0 && out.length < limit; at = hay.indexOf(needle, at + 1)) out.push(at);
  return out;
}

/**
 * The evidence's character range(s) in the document, or undefined when it cannot be located.
 * @example locateEvidence("Alpha beta.\nGamma  delta.", "gamma delta") // [{ start: 12, end: 25 }]
 */
export function locateEvidence(docText: string, evidence: string, options: Partial<LocateOptions> = {}): Span[] | undefined {
  const found = locateEvidenceDetailed(docText, evidence, options);
  return found ? [...found.spans] : undefined;
}

/** {@link locateEvidence} with how the evidence was found and what share of it. */
export function locateEvidenceDetailed(
  docText: string,
  evidence: string,
  options: Partial<LocateOptions> = {},
): LocatedEvidence | undefined {
  const o = { ...DEFAULT_LOCATE, ...options };
  const trimmed = evidence.trim();
  if (trimmed.length === 0) return undefined;
  const at = docText.indexOf(trimmed);
  if (at >= 0) return { spans: [{ start: at, end: at + trimmed.length }], method: "exact", share: 1 };
  const doc = foldedDocument(docText);
  const ev = fold(trimmed);
  if (ev.key.length === 0) return undefined;
  const k = doc.key.indexOf(ev.key);
  if (k >= 0) return { spans: [spanOfKey(doc, k, k + ev.key.length)], method: "loose", share: 1 };
  if (ev.key.length < o.minPiecewiseChars) return undefined;
  return locatePieces(doc, trimmed, ev.key.length, o);
}

interface Piece {
  readonly key: string;
  /** Offset of the piece's key within the evidence's key. */
  readonly offset: number;
}

/** Anchor pieces tried at most, and occurrences of each. */
const MAX_ANCHORS = 6;

function locatePieces(doc: Folded, evidence: string, evidenceKeyLength: number, o: LocateOptions): LocatedEvidence | undefined {
  const pieces: Piece[] = [];
  let offset = 0;
  for (const s of splitSentences(evidence)) {
    const key = fold(evidence.slice(s.start, s.end)).key;
    if (key.length > 0) pieces.push({ key, offset });
    offset += key.length;
  }
  const slack = Math.floor(evidenceKeyLength / 2) + 200;
  // Anchors: long pieces with few occurrences, the most telling first.
  const anchors = pieces
    .filter((p) => p.key.length >= o.minAnchorChars)
    .map((p) => ({ piece: p, hits: occurrences(doc.key, p.key, o.maxOccurrences) }))
    .filter((a) => a.hits.length > 0)
    .sort((a, b) => b.piece.key.length / b.hits.length - a.piece.key.length / a.hits.length || a.piece.offset - b.piece.offset)
    .slice(0, MAX_ANCHORS);
  if (anchors.length === 0) return undefined;
  // The evidence starts (in the document's key) where the best-supported anchor occurrence puts it.
  let bestStart = -1;
  let bestSupport = -1;
  for (const anchor of anchors) {
    for (const hit of anchor.hits) {
      const start = hit - anchor.piece.offset;
      const support = pieces.reduce((sum, p) => (nearest(doc.key, p, start, slack) >= 0 ? sum + p.key.length : sum), 0);
      if (support > bestSupport) {
        bestSupport = support;
        bestStart = start;
      }
    }
  }
  const spans: Span[] = [];
  let foundChars = 0;
  for (const p of pieces) {
    const hit = nearest(doc.key, p, bestStart, slack);
    if (hit < 0) continue;
    foundChars += p.key.length;
    spans.push(spanOfKey(doc, hit, hit + p.key.length));
  }
  const share = foundChars / evidenceKeyLength;
  if (share < o.minShare) return undefined;
  return { spans: mergeSpans(spans), method: "pieces", share };
}

/** The piece's occurrence nearest to where it should be if the evidence starts at `start`, within `slack`. */
function nearest(hay: string, p: Piece, start: number, slack: number): number {
  const want = start + p.offset;
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let at = hay.indexOf(p.key, Math.max(0, want - slack)); at >= 0 && at <= want + slack; at = hay.indexOf(p.key, at + 1)) {
    const distance = Math.abs(at - want);
    if (distance < bestDistance) {
      best = at;
      bestDistance = distance;
    }
  }
  return best;
}
