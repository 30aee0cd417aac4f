/**
 * Pecan against an independent BM25 reader given the same characters (the held-out check of
 * docs/results.md): for each question and budget, BM25 over chunks reads best first until it
 * has read as many characters of the documents as adaptive Pecan did, wherever Pecan stopped.
 * Adaptive Pecan often stops below its cap, so this is the comparison at equal reading, not at
 * equal cap. The reading is recorded as the method `bm25-chunks@pecan-chars`, which is not a
 * method a user picks (results tables leave it out of "best baseline").
 */
import type { Reading, ReadingStep } from "./methods/method.js";

export const EQUAL_CHARS_METHOD = "bm25-chunks@pecan-chars";
/** The two methods the comparison needs. */
export const EQUAL_CHARS_PAIR = { pecan: "pecan", bm25: "bm25-chunks" } as const;
/**
 * The BM25 reading is asked at this many times each budget before it is cut, so it can read as
 * many characters as Pecan did even where Pecan's text has more characters per token.
 */
export const EQUAL_CHARS_HEADROOM = 2;

/** Characters a reading read: the lengths of its ranges. */
export function charsRead(reading: Reading): number {
  let n = 0;
  for (const step of reading.steps) for (const span of step.spans) n += span.end - span.start;
  return n;
}

/**
 * The first `chars` characters of a reading, in its order: whole steps, then the part of the
 * next one's ranges that fits (its tokens counted in proportion).
 * @example cutToChars({ steps: [{ docId, spans: [{ start: 0, end: 10 }], tokens: 4 }], tokens: 4, ms: 1 }, 5).steps[0]?.spans // [{ start: 0, end: 5 }]
 */
export function cutToChars(reading: Reading, chars: number): Reading {
  const steps: ReadingStep[] = [];
  let left = Math.max(0, Math.floor(chars));
  for (const step of reading.steps) {
    if (left <= 0) break;
    const stepChars = step.spans.reduce((n, s) => n + s.end - s.start, 0);
    if (stepChars <= left) {
      steps.push(step);
      left -= stepChars;
      continue;
    }
    const spans = [];
    let room = left;
    for (const span of step.spans) {
      if (room <= 0) break;
      const end = Math.min(span.end, span.start + room);
      spans.push({ start: span.start, end });
      room -= end - span.start;
    }
    steps.push({ docId: step.docId, spans, tokens: Math.ceil((step.tokens * left) / Math.max(1, stepChars)) });
    left = 0;
  }
  return { steps, tokens: steps.reduce((n, s) => n + s.tokens, 0), ms: reading.ms };
}
