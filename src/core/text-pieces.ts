/**
 * Bounded pieces for tokenizers. A byte-pair encoder merges within one pre-tokenized piece, and
 * the merge costs the square of the piece's length: a run of text with no whitespace (a long
 * base64 blob, `xxxx...`, 3 MB of `<`, CJK without punctuation) made ingest time grow with the
 * square of the document. Cutting every whitespace-free run into pieces of at most
 * `MAX_RUN_CHARS` characters bounds the work per piece, so counting is linear in the text. Text
 * with no such run is passed whole, so ordinary text counts exactly as before; a cut run counts
 * at most one token more per cut than the tokenizer would have made of it whole.
 */

/** The longest whitespace-free run (UTF-16 code units) a tokenizer is given in one piece. */
export const MAX_RUN_CHARS = 256;

// Without the u flag, \S counts UTF-16 code units, as the cuts below do.
const LONG_RUN = new RegExp(`\\S{${MAX_RUN_CHARS + 1},}`, "g");

/**
 * The text as consecutive pieces whose concatenation is the text, none holding a whitespace-free
 * run longer than `MAX_RUN_CHARS`; never splits a surrogate pair.
 * @example [...boundedPieces("a " + "x".repeat(600))].map((p) => p.length) // [2, 256, 256, 88]
 */
export function* boundedPieces(text: string): Generator<string> {
  LONG_RUN.lastIndex = 0;
  let pos = 0;
  for (let m = LONG_RUN.exec(text); m !== null; m = LONG_RUN.exec(text)) {
    if (m.index > pos) yield text.slice(pos, m.index);
    const end = m.index + m[0].length;
    let k = m.index;
    while (k < end) {
      let cut = Math.min(end, k + MAX_RUN_CHARS);
      const code = text.charCodeAt(cut - 1);
      if (cut < end && code >= 0xd800 && code <= 0xdbff) cut--; // keep a surrogate pair whole
      yield text.slice(k, cut);
      k = cut;
    }
    pos = end;
  }
  if (pos < text.length) yield text.slice(pos);
}

/** Whether `text` has a whitespace-free run longer than `MAX_RUN_CHARS`. */
export function hasLongRun(text: string): boolean {
  // Most texts counted are sentences, shorter than one run: no scan at all (a tenth of ingest's
  // token counting went to this test).
  if (text.length <= MAX_RUN_CHARS) return false;
  LONG_RUN.lastIndex = 0;
  return LONG_RUN.test(text);
}

/**
 * `count` summed over the bounded pieces of `text` (the whole text when it has no long run).
 * @example countInPieces(text, (piece) => countO200k(piece))
 */
export function countInPieces(text: string, count: (piece: string) => number): number {
  if (text.length === 0) return 0;
  if (!hasLongRun(text)) return count(text);
  let total = 0;
  for (const piece of boundedPieces(text)) total += count(piece);
  return total;
}
