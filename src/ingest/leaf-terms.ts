/**
 * A leaf's analysed terms from its sentences' terms, without analysing its text again: a leaf
 * is whole sentences of the document with whitespace between them, and `core/analyze` finds
 * the same words in the joined text as in each sentence alone when every gap is ASCII
 * whitespace (no word runs across whitespace, and lower-casing, whose only context rule is
 * Greek final sigma, looks at no character across it: whitespace is neither cased nor
 * case-ignorable). So `analyze(leaf)` is the sentences' terms in order. A leaf that is not
 * such a run (a piece of a long sentence, two sentences with nothing between them, a gap of
 * other spaces) is left to be analysed as usual.
 */
import type { GraphNode, Span } from "../core/types.js";

/** Whether `text[from, to)` is one or more ASCII whitespace characters. */
function isAsciiGap(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && (c < 9 || c > 13)) return false;
  }
  return true;
}

/**
 * Calls `seed(leaf.text, terms)` for each leaf that is whole sentences (of `sentences`, the
 * document's split, in order) joined by ASCII whitespace, with `terms` the concatenation of
 * `termsOf` of those sentences' texts.
 * @example seedLeafTerms(doc.text, leaves, sentences, memo.terms, memo.seed)
 */
export function seedLeafTerms(
  text: string,
  leaves: readonly GraphNode[],
  sentences: readonly Span[],
  termsOf: (text: string) => readonly string[],
  seed: (text: string, terms: readonly string[]) => void,
): void {
  let k = 0;
  for (const leaf of leaves) {
    const span = leaf.spans[0];
    if (leaf.level !== 0 || span === undefined || leaf.spans.length !== 1 || text.slice(span.start, span.end) !== leaf.text) continue;
    while (k < sentences.length && (sentences[k] as Span).start < span.start) k++;
    if (k >= sentences.length || (sentences[k] as Span).start !== span.start) continue;
    let j = k;
    let whole = true;
    while (j + 1 < sentences.length && (sentences[j + 1] as Span).end <= span.end) {
      if (!isAsciiGap(text, (sentences[j] as Span).end, (sentences[j + 1] as Span).start)) whole = false;
      j++;
    }
    if (!whole || (sentences[j] as Span).end !== span.end) continue;
    const terms: string[] = [];
    for (let i = k; i <= j; i++) {
      const s = sentences[i] as Span;
      for (const term of termsOf(text.slice(s.start, s.end))) terms.push(term);
    }
    seed(leaf.text, terms);
    k = j + 1;
  }
}
