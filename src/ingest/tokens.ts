/**
 * Token counting with a real tokenizer: OpenAI's o200k_base BPE (gpt-tokenizer), the encoding
 * the evaluation data's sizes are given in. Every budget in Pecan is counted with it. Long
 * whitespace-free runs are cut into bounded pieces first (`core/text-pieces.ts`), so counting
 * is linear in the text's length whatever it holds.
 */
import { o200k, o200kSplit, o200kStringRanks } from "../core/o200k.js";
import { asciiMergeCount } from "./o200k-merge.js";
import { boundedPieces, countInPieces, hasLongRun } from "../core/text-pieces.js";
import { asciiPieceEnd, isAscii } from "./o200k-pieces.js";

const PLAIN = { disallowedSpecial: new Set<string>() };

/**
 * The tokenizer keeps a merge cache of 100k pieces in a Map and evicts its oldest entry on every
 * insert once full; the eviction slows as deleted slots pile up, so text whose words never
 * repeat (random strings, hashes, base64) counted 8 times slower per MB past about 0.5 MB
 * (words without punctuation: 0.5 MB in 2 s, 1 MB in 16.8 s, 4 MB in 78 s). The cache is
 * cleared before it can fill: after `CLEAR_EVERY_WORDS` whitespace-separated pieces have been
 * counted (a piece with no whitespace, like a CJK run, stays cached: clearing on characters
 * instead made 1 MB of CJK 2.8 times slower). A long text is counted in spans of about
 * `SPAN_CHARS`, cut only at a single space between two words, where the tokenizer's pieces break
 * anyway, so the count is exact.
 */
const CLEAR_EVERY_WORDS = 60_000;
const SPAN_CHARS = 64 * 1024;
let wordsSinceClear = 0;

function countSpan(text: string): number {
  let words = 0;
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 32) words++;
  wordsSinceClear += words;
  if (wordsSinceClear > CLEAR_EVERY_WORDS) {
    o200k().clearMergeCache();
    wordsSinceClear = words;
  }
  return countInPieces(text, countByPieces);
}

/**
 * Token counts of o200k's pre-tokenised pieces (its split regex: a word with its leading space,
 * a number of up to 3 digits, a punctuation run, a whitespace run), which the tokenizer merges
 * one at a time: a text's count is the sum of its pieces' counts. Most pieces repeat, so each
 * distinct piece is encoded once; the tokenizer's own rank lookup for every piece and its
 * merges for pieces that are not one token were a fifth of a model-free ingest. Only pieces of
 * up to `MAX_CACHED_PIECE_CHARS` are kept (longer ones, such as runs of random characters,
 * rarely repeat), and the cache is emptied when full, so it stays within about 20 MB; counts
 * are exact either way.
 */
const pieceCounts = new Map<string, number>();
const MAX_CACHED_PIECES = 200_000;
const MAX_CACHED_PIECE_CHARS = 32;
let split: RegExp | undefined;

function pieceTokens(piece: string): number {
  let n = pieceCounts.get(piece);
  if (n === undefined) {
    // One piece splits into itself, so the tokenizer counts exactly this piece's merges; an
    // ASCII piece is merged here over the tokenizer's ranks, as the tokenizer merges it.
    const ranks = isAscii(piece) ? o200kStringRanks() : undefined;
    n = ranks !== undefined ? asciiMergeCount(piece, ranks) : o200k().countTokens(piece, PLAIN);
    if (piece.length <= MAX_CACHED_PIECE_CHARS) {
      if (pieceCounts.size >= MAX_CACHED_PIECES) pieceCounts.clear();
      pieceCounts.set(piece, n);
    }
  }
  return n;
}

function countByPieces(text: string): number {
  let total = 0;
  if (isAscii(text)) {
    // The same pieces as the regex's, found by hand (`o200k-pieces.ts`): the regex's match
    // objects were most of the counting's CPU.
    for (let i = 0; i < text.length; ) {
      const end = asciiPieceEnd(text, i);
      total += pieceTokens(text.slice(i, end));
      i = end;
    }
    return total;
  }
  split ??= new RegExp(o200kSplit().source, o200kSplit().flags);
  for (const match of text.matchAll(split)) total += pieceTokens(match[0]);
  return total;
}

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;

/** Tokens of a text. Special-token strings in documents are counted as plain text. */
export function countTokens(text: string): number {
  if (text.length <= SPAN_CHARS) return countSpan(text);
  let total = 0;
  let from = 0;
  while (from < text.length) {
    let cut = Math.min(text.length, from + SPAN_CHARS);
    // A single space with a word on each side: the next piece starts with it either way.
    while (cut < text.length && !(text.charCodeAt(cut) === 32 && !isSpace(text.charCodeAt(cut - 1)) && !isSpace(text.charCodeAt(cut + 1)))) cut++;
    total += countSpan(text.slice(from, cut));
    from = cut;
  }
  return total;
}

/**
 * `countTokens` with a memo, for one document's build: its sentences are counted for the leaves,
 * again as reading units and again as extractive information points. Drop it with the document.
 */
export function tokenMemo(count: (text: string) => number = countTokens): (text: string) => number {
  const memo = new Map<string, number>();
  return (text) => {
    let n = memo.get(text);
    if (n === undefined) {
      n = count(text);
      memo.set(text, n);
    }
    return n;
  };
}

/** The token ids of a text (plain text, special tokens not recognised). */
export function encodeTokens(text: string): number[] {
  const { encode } = o200k();
  if (!hasLongRun(text)) return encode(text, PLAIN);
  const ids: number[] = [];
  for (const piece of boundedPieces(text)) for (const id of encode(piece, PLAIN)) ids.push(id);
  return ids;
}

export function decodeTokens(tokens: readonly number[]): string {
  return o200k().decode(tokens as number[]);
}

/** Whether a UTF-16 code unit is in JavaScript's `\s` (which the tokenizer's split uses). */
function isJsSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/**
 * Whether the token count of any text is additive at offset `p` of `text`: a character that is
 * not whitespace, then whitespace other than a line break. No piece of o200k's pre-tokenising
 * split holds both (after a non-space character a piece continues only with letters, marks,
 * digits, a contraction, or line breaks and slashes after punctuation), and a piece never looks
 * behind, so the split of the whole is the split of `[0, p)` then that of `[p, end)`; the long
 * runs of `core/text-pieces.ts` end before such a point too. So
 * `countTokens(a + b) === countTokens(a) + countTokens(b)` when `a + b` has such a point at
 * `a.length` (property-tested in `tokens.test.ts`).
 */
export function isTokenCut(text: string, p: number): boolean {
  if (p <= 0 || p >= text.length) return false;
  const at = text.charCodeAt(p);
  return at !== 10 && at !== 13 && isJsSpace(at) && !isJsSpace(text.charCodeAt(p - 1));
}

/** A range of a text with its exact token count. */
export interface CountedRange {
  readonly start: number;
  readonly end: number;
  readonly tokens: number;
}

/**
 * Tokens of `text.slice(parts[0].start, parts[parts.length - 1].end)` from the counts of its
 * consecutive parts (ranges in order, anything between them included), exactly. The span is
 * additive at every token cut (`isTokenCut`) strictly inside a part, so each part with a cut
 * keeps its count between its first and last cut (its count less its head and tail), and only
 * the text from one part's last cut to the next cut found (in the next part with one: parts
 * without a cut, such as the cells of a table, join the text counted again) is counted again.
 * A packed leaf of 300 tokens costs a few words of counting instead of a second pass over all
 * of it. When no part has a cut, the whole range is counted.
 * @example joinedTokens(text, [{ start: 0, end: 12, tokens: 3 }, { start: 13, end: 30, tokens: 4 }], countTokens)
 */
export function joinedTokens(text: string, parts: readonly CountedRange[], tokensOf: (text: string) => number = countTokens): number {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (first === undefined || last === undefined) return 0;
  if (parts.length === 1) return first.tokens;
  let total = 0;
  // The text from `from` on is not counted yet; `tail` is its count when it is one part's tail.
  let from = first.start;
  let tail: number | undefined;
  for (const [k, part] of parts.entries()) {
    let head = part.start + 1;
    while (head < part.end && !isTokenCut(text, head)) head++;
    if (head >= part.end) {
      tail = undefined;
      continue;
    }
    let end = part.end - 1;
    while (!isTokenCut(text, end)) end--;
    const headTokens = tokensOf(text.slice(part.start, head));
    const tailTokens = tokensOf(text.slice(end, part.end));
    total += (k === 0 ? headTokens : tokensOf(text.slice(from, head))) + part.tokens - headTokens - tailTokens;
    from = end;
    tail = tailTokens;
  }
  return total + (tail ?? tokensOf(text.slice(from, last.end)));
}
