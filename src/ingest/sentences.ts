/**
 * Rule-based sentence splitter, one linear pass. Line structure first (blank lines, headings,
 * list items, table rows), then terminal punctuation inside lines with the abbreviation,
 * number and initial rules of rule-based splitters (pySBD's "golden rules", Sadvilkar &
 * Neumann 2020; Punkt's orthographic heuristic, Kiss & Strunk 2006), then a hard split of
 * over-long runs. Spans are trimmed, ordered, and cover every non-whitespace character once.
 */
import type { Span } from "../core/types.js";
import {
  ALWAYS_ABBREVIATIONS,
  CLOSERS,
  CONTINUES,
  isLowerCode,
  isWhitespaceCode,
  MAY_END_ABBREVIATIONS,
  NO_START,
  NUMBER_ABBREVIATIONS,
  SENTENCE_STARTERS,
  TERMINATORS,
  TIGHT_TERMINATORS,
} from "./sentence-lexicon.js";

export { isWhitespaceCode } from "./sentence-lexicon.js";

export interface SentenceOptions {
  /** Longest sentence in UTF-16 code units; a longer run is cut, preferring whitespace. */
  readonly maxChars: number;
}

/** Named defaults of {@link splitSentences}. */
export const DEFAULT_SENTENCES: SentenceOptions = Object.freeze({ maxChars: 1000 });

const BLANK = 0;
const TEXT = 1;
const LIST = 2;
const TABLE = 3;
const HEADING = 4;

interface Line {
  /** Offset of the first character of the line. */
  readonly start: number;
  /** First and past-the-last non-whitespace offsets (equal on a blank line). */
  readonly cs: number;
  readonly ce: number;
  /** Where the text after a list marker starts (`cs` when there is none). */
  readonly body: number;
  kind: number;
  readonly pipes: number;
  /** A tab between words (a column break, or a definition list's term and text). */
  readonly tabbed: boolean;
  /** Longest line (content length) of the block of non-blank lines this line is in. */
  blockMax: number;
}

/** A line no longer than this, without final punctuation, before a capitalised line, is a heading. */
const SHORT_LINE = 30;
/** Or a line at most this share of its block's longest line. */
const SHORT_LINE_RATIO = 0.6;

const LIST_MARKER =
  /^(?:[-*+•‣◦▪●○■□·–]|\d{1,3}(?:\.\d{1,3}){0,4}[.)]|[IVX]{1,5}\.|\((?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})\)|(?:[a-zA-Z]|[ivxlcdm]{1,6})\))[ \t\u00a0]/u;
const ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;
const SINGLE_CAPITAL = /^\p{Lu}$/u;
const LEADING_OPENERS = /^[\p{Ps}\p{Pi}"'¿¡]+/u;
const LETTERS = /\p{L}+/uy;

/**
 * Splits a text into sentences: half-open `[start, end)` ranges of `text`, trimmed, in order,
 * covering every non-whitespace character exactly once. Linear in the text's length.
 * @example
 * splitSentences("Dr. Who arrived. He left.") // [{ start: 0, end: 16 }, { start: 17, end: 25 }]
 */
export function splitSentences(text: string, options: Partial<SentenceOptions> = {}): Span[] {
  const requested = options.maxChars ?? DEFAULT_SENTENCES.maxChars;
  const maxChars = Number.isFinite(requested) ? Math.max(1, Math.floor(requested)) : DEFAULT_SENTENCES.maxChars;
  const lines = scanLines(text);
  const cuts = findCuts(text, lines);
  return cutsToSpans(text, cuts, maxChars);
}

function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  const n = text.length;
  let start = 0;
  for (;;) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = n;
    lines.push(readLine(text, start, end));
    if (end === n) break;
    start = end + 1;
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.kind !== TEXT && line.kind !== LIST) continue;
    const besidePipes = (lines[i - 1]?.pipes ?? 0) > 0 || (lines[i + 1]?.pipes ?? 0) > 0;
    if (line.pipes > 0 && besidePipes) line.kind = TABLE;
    // Tabs make a table only when the lines around are tabbed too: one tabbed line followed by
    // indented text is a term and its hard-wrapped description ("HISTSIZE\tThe number of ...").
    const besideTabs = lines[i - 1]?.tabbed === true || lines[i + 1]?.tabbed === true;
    if (line.tabbed && besideTabs) line.kind = TABLE;
  }
  let blockStart = 0;
  let blockMax = 0;
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line.kind === BLANK) {
      for (let j = blockStart; j < i; j++) (lines[j] as Line).blockMax = blockMax;
      blockStart = i + 1;
      blockMax = 0;
    } else {
      blockMax = Math.max(blockMax, line.ce - line.cs);
    }
  }
  return lines;
}

function readLine(text: string, start: number, end: number): Line {
  let cs = start;
  while (cs < end && isWhitespaceCode(text.charCodeAt(cs))) cs++;
  let ce = end;
  while (ce > cs && isWhitespaceCode(text.charCodeAt(ce - 1))) ce--;
  const line: Line = { start, cs, ce, body: cs, kind: TEXT, pipes: 0, tabbed: false, blockMax: 0 };
  if (cs === ce) return { ...line, kind: BLANK };
  let pipes = 0;
  let tab = false;
  for (let i = cs; i < ce; i++) {
    const c = text.charCodeAt(i);
    if (c === 124) pipes++;
    else if (c === 9) tab = true;
  }
  const edgePipe = text.charCodeAt(cs) === 124 || text.charCodeAt(ce - 1) === 124;
  if (pipes >= 2 || edgePipe) return { ...line, kind: TABLE, pipes, tabbed: tab };
  if (tab) return { ...line, pipes, tabbed: true };
  if (text.charCodeAt(cs) === 35) {
    let k = cs;
    while (k < ce && text.charCodeAt(k) === 35) k++;
    if (k - cs <= 6 && (k === ce || isWhitespaceCode(text.charCodeAt(k)))) return { ...line, kind: HEADING, pipes };
  }
  const marker = LIST_MARKER.exec(text.slice(cs, Math.min(ce, cs + 24)));
  if (marker !== null) return { ...line, kind: LIST, body: cs + marker[0].length, pipes };
  return { ...line, pipes };
}

function findCuts(text: string, lines: readonly Line[]): number[] {
  const cuts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.kind === BLANK) {
      cuts.push(line.start);
      continue;
    }
    if (line.kind === TABLE || line.kind === HEADING) {
      cuts.push(line.cs, line.ce);
      continue;
    }
    if (line.kind === LIST) cuts.push(line.cs);
    scanLine(text, line, cuts);
    const next = lines[i + 1];
    if (next !== undefined && cuts[cuts.length - 1] !== line.ce && endsAtLineBreak(text, line, next)) {
      cuts.push(line.ce);
    }
  }
  return cuts;
}

/** Cuts after terminal punctuation inside one line. */
function scanLine(text: string, line: Line, cuts: number[]): void {
  const ce = line.ce;
  let p = line.body;
  while (p < ce) {
    if (!TERMINATORS.has(text.charCodeAt(p))) {
      p++;
      continue;
    }
    const runStart = p;
    let tight = false;
    let periods = 0;
    let others = 0;
    while (p < ce && TERMINATORS.has(text.charCodeAt(p))) {
      const c = text.charCodeAt(p);
      if (TIGHT_TERMINATORS.has(c)) tight = true;
      if (c === 46) periods++;
      else others++;
      p++;
    }
    while (p < ce && (CLOSERS.has(text.charCodeAt(p)) || TERMINATORS.has(text.charCodeAt(p)))) p++;
    if (tight) cuts.push(p);
    else if (p === ce || isWhitespaceCode(text.charCodeAt(p))) {
      if (endsSentence(text, line, runStart, p, periods === 1 && others === 0)) cuts.push(p);
    }
  }
}

/** Whether the terminator run `[runStart, runEnd)`, followed by whitespace, ends a sentence. */
function endsSentence(text: string, line: Line, runStart: number, runEnd: number, singlePeriod: boolean): boolean {
  let next = runEnd;
  while (next < text.length && isWhitespaceCode(text.charCodeAt(next))) next++;
  if (next >= text.length) return true;
  const cp = text.codePointAt(next) ?? 0;
  if (isLowerCode(cp) || NO_START.has(cp)) return false;
  if (!singlePeriod) return true;
  let w = runStart;
  while (w > line.body && !isWhitespaceCode(text.charCodeAt(w - 1))) {
    w--;
    if (runStart - w > 40) return true;
  }
  const word = text.slice(w, runStart).replace(LEADING_OPENERS, "");
  if (word.length === 0) return true;
  const lower = word.toLowerCase();
  if (ALWAYS_ABBREVIATIONS.has(lower)) return false;
  if (NUMBER_ABBREVIATIONS.has(lower)) return !(cp >= 48 && cp <= 57);
  if (MAY_END_ABBREVIATIONS.has(lower) || ACRONYM.test(word) || SINGLE_CAPITAL.test(word)) {
    LETTERS.lastIndex = next;
    const following = LETTERS.exec(text)?.[0] ?? "";
    return SENTENCE_STARTERS.has(following.toLowerCase());
  }
  return true;
}

/** Whether a line that the punctuation rules left open ends its sentence at the line break. */
function endsAtLineBreak(text: string, line: Line, next: Line): boolean {
  if (next.kind === BLANK) return false;
  if (next.kind !== TEXT) return true;
  let k = line.ce - 1;
  while (k >= line.body && CLOSERS.has(text.charCodeAt(k))) k--;
  if (k >= line.body && TERMINATORS.has(text.charCodeAt(k))) return false;
  if (CONTINUES.has(text.charCodeAt(line.ce - 1))) return false;
  if (isLowerCode(text.codePointAt(next.cs) ?? 0)) return false;
  const length = line.ce - line.cs;
  return length <= SHORT_LINE || length <= SHORT_LINE_RATIO * line.blockMax || isTitleLike(text, line);
}

/** At most 12 words, and every word of 4 or more letters capitalised. */
function isTitleLike(text: string, line: Line): boolean {
  if (line.ce - line.cs > 100) return false;
  const words = text.slice(line.body, line.ce).split(/\s+/);
  if (words.length > 12) return false;
  return words.every((word) => word.length < 4 || !isLowerCode(word.codePointAt(0) ?? 0));
}

function cutsToSpans(text: string, cuts: readonly number[], maxChars: number): Span[] {
  const spans: Span[] = [];
  let prev = 0;
  for (const cut of cuts) {
    if (cut <= prev) continue;
    emit(text, prev, cut, maxChars, spans);
    prev = cut;
  }
  emit(text, prev, text.length, maxChars, spans);
  return spans;
}

function emit(text: string, start: number, end: number, maxChars: number, spans: Span[]): void {
  let s = start;
  let e = end;
  while (s < e && isWhitespaceCode(text.charCodeAt(s))) s++;
  while (e > s && isWhitespaceCode(text.charCodeAt(e - 1))) e--;
  if (s === e) return;
  if (e - s <= maxChars) {
    spans.push({ start: s, end: e });
    return;
  }
  hardSplit(text, s, e, maxChars, spans);
}

/** Cuts a trimmed run into pieces of at most `maxChars`, at whitespace in a piece's second half if any. */
function hardSplit(text: string, start: number, end: number, maxChars: number, spans: Span[]): void {
  let pos = start;
  while (end - pos > maxChars) {
    const limit = pos + maxChars;
    let cut = -1;
    for (let w = limit; w > pos + (maxChars >> 1); w--) {
      if (isWhitespaceCode(text.charCodeAt(w))) {
        cut = w;
        break;
      }
    }
    if (cut < 0) {
      cut = limit;
      if (isHighSurrogate(text.charCodeAt(cut - 1)) && isLowSurrogate(text.charCodeAt(cut))) {
        cut = cut - 1 > pos ? cut - 1 : cut + 1;
      }
    }
    let pieceEnd = cut;
    while (pieceEnd > pos && isWhitespaceCode(text.charCodeAt(pieceEnd - 1))) pieceEnd--;
    spans.push({ start: pos, end: pieceEnd });
    pos = cut;
    while (pos < end && isWhitespaceCode(text.charCodeAt(pos))) pos++;
  }
  if (pos < end) spans.push({ start: pos, end });
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
