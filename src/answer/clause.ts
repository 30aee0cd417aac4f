/**
 * The clause of a sentence that holds a range: the sentence cut at clause breaks (";", ":",
 * a spaced dash) outside that range, so a sentence answer quotes the part that holds its
 * candidates and never a fragment of a clause.
 */

/** Clause breaks: a semicolon or colon followed by a space, a spaced dash, a comma before a conjunction or relative word. */
const BREAK = /[;:](?=\s)|\s(?:--|[–—])\s|\s?,\s(?=(?:and|but|or|which|who|whom|whose|where|while|when|whereas|although|though|because)\s)/g;

/** The clause range of `text` around [start, end): from the break before it to the break after it. */
export function clauseAround(text: string, start: number, end: number): { start: number; end: number } {
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(BREAK)) {
    const at = m.index;
    const after = at + m[0].length;
    if (after <= start) from = after;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  while (from < to && /\s/.test(text[from]!)) from++;
  while (to > from && /\s/.test(text[to - 1]!)) to--;
  return { start: from, end: to };
}
