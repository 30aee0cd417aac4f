/**
 * Token counting with a real tokenizer: OpenAI's o200k_base BPE (gpt-tokenizer), the encoding
 * the evaluation data's sizes are given in. Every budget in Pecan is counted with it. Long
 * whitespace-free runs are cut into bounded pieces first (`core/text-pieces.ts`), so counting
 * is linear in the text's length whatever it holds.
 */
import { o200k } from "../core/o200k.js";
import { boundedPieces, countInPieces, hasLongRun } from "../core/text-pieces.js";

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
  const { countTokens: countO200k } = o200k();
  return countInPieces(text, (piece) => countO200k(piece, PLAIN));
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
