/**
 * Structural levels read from the document itself: headings (numbered clauses such as "5.2 Term.",
 * "ARTICLE IV", a filing's "Item 7.", short capitalised lines) open sections, and a section runs
 * until the next heading of the same or a higher rank. A section is a node whose text is its
 * heading, with edges to the sentence units it holds; a question that names the section (its
 * terms are in the heading) lifts those units: the section prior.
 *
 *   prior(u) = max over headings h enclosing u of  Σ_{t ∈ q ∩ h} idf(t) / Σ_{t ∈ q, df(t) > 0} idf(t)
 *
 * Headings are found at ingest (`headingRanks`, stored with the question-time data); the prior is
 * computed per question.
 */
import type { WeightedQuery } from "./bm25.js";
import type { DocUnits } from "./units.js";

/** A heading is at most this many words. */
const HEADING_MAX_WORDS = 12;

const WORD = /[\p{L}\p{N}]+/gu;
/** Text that ends as a sentence does (a heading usually does not, unless it is numbered). */
const CLOSED = /[.!?;:]["'’”)\]]*\s*$/u;
/** A numbered clause or section: "5.", "5.2", "5.2.1", "(a)" is not one (a list item). */
const NUMBERED = /^(\d{1,3}(?:\.\d{1,3})*)\.?\s+["“]?\p{Lu}/u;
/** Keyword headings of contracts and filings: "ARTICLE IV", "Section 5", "Item 7A.", "PART II". */
const KEYWORD = /^(?:article|section|item|part|schedule|exhibit|appendix|chapter)\s+[\dIVXLC]+[A-Z]?\b/iu;

/** The rank of a heading (0 is the highest), or -1 when `text` is not one. */
export function headingRank(text: string): number {
  const t = text.trim();
  const words = t.match(WORD) ?? [];
  if (words.length === 0 || words.length > HEADING_MAX_WORDS) return -1;
  if (!/^[\p{Lu}\d]/u.test(t)) return -1;
  // Table rows and figures: mostly numbers.
  const letters = (t.match(/\p{L}/gu) ?? []).length;
  const digits = (t.match(/\p{N}/gu) ?? []).length;
  if (letters < 3 || digits > letters / 2) return -1;
  if (KEYWORD.test(t)) return 0;
  const numbered = NUMBERED.exec(t);
  if (numbered) return numbered[1]!.split(".").length;
  if (CLOSED.test(t)) return -1;
  const capitalised = t.replace(/[^\p{L}]/gu, "");
  if (capitalised === capitalised.toUpperCase()) return 1;
  // Title case: most longer words capitalised ("Related Work", not a wrapped line "Each party").
  const long = words.filter((w) => w.length >= 4);
  const upper = long.filter((w) => /^\p{Lu}/u.test(w)).length;
  return upper * 2 > long.length ? 2 : -1;
}

/** A heading that is only its label ("Item 7.", "ARTICLE IV", "5."): its title follows. */
function isBareLabel(text: string): boolean {
  return (text.match(WORD) ?? []).length <= 2;
}

/**
 * The `sentenceFlags` bit (units.ts) of a sentence of at most two words: a heading with it is a
 * bare label (`isBareLabel`), found at ingest so the prior reads no sentence's text.
 */
export const BARE_LABEL_FLAG = 16;

/** `BARE_LABEL_FLAG` if `text` would be a bare label as a heading, else 0. */
export function bareLabelFlag(text: string): number {
  return isBareLabel(text) ? BARE_LABEL_FLAG : 0;
}

/** A heading text that recurs this often in a document is a running page header, not a section. */
const MAX_REPEATS = 2;
/** An unmarked heading (no number or keyword) must be followed by prose of at least this many words. */
const PROSE_MIN_WORDS = 8;

function isMarked(text: string): boolean {
  const t = text.trim();
  return KEYWORD.test(t) || NUMBERED.test(t);
}

function isProse(text: string): boolean {
  return CLOSED.test(text) && (text.match(WORD) ?? []).length >= PROSE_MIN_WORDS;
}

/**
 * The rank of each sentence unit of `d` as a section heading (-1: not one). A capitalised line
 * without a number or keyword is a heading only when prose follows it (a table's column labels
 * are not), and a heading text repeated more than `MAX_REPEATS` times is a page header.
 */
export function headingRanks(units: DocUnits["units"]): Int8Array {
  const d = { units };
  const ranks = new Int8Array(d.units.length).fill(-1);
  const sentences: number[] = [];
  d.units.forEach((u, i) => {
    if (u.level === 0) sentences.push(i);
  });
  const repeats = new Map<string, number>();
  sentences.forEach((u, j) => {
    const text = d.units[u]!.text;
    const rank = headingRank(text);
    if (rank < 0) return;
    const key = text.trim().toLowerCase();
    repeats.set(key, (repeats.get(key) ?? 0) + 1);
    const next = sentences[j + 1];
    if (isMarked(text) || (next !== undefined && isProse(d.units[next]!.text))) ranks[u] = rank;
  });
  for (const u of sentences) if (ranks[u]! >= 0 && repeats.get(d.units[u]!.text.trim().toLowerCase())! > MAX_REPEATS) ranks[u] = -1;
  return ranks;
}

/** Per document of the view, the section prior of each unit, in [0, 1]. */
export function sectionPrior(view: readonly DocUnits[], query: WeightedQuery, sentenceDf: ReadonlyMap<string, number>): Float32Array[] {
  let named = 0;
  const idfOf = new Map<string, number>();
  query.terms.forEach((term, i) => {
    if ((sentenceDf.get(term) ?? 0) === 0) return;
    idfOf.set(term, query.idf[i]!);
    named += query.idf[i]!;
  });
  return view.map((d) => {
    const prior = new Float32Array(d.unitLevel.length);
    if (named <= 0) return prior;
    const ranks = d.headingRanks;
    // The question's IDF each unit holds, summed term by term over the units that hold each.
    const held = new Float64Array(d.unitLevel.length);
    for (const [term, idf] of idfOf) {
      const holders = d.termUnits.unitsWith(term);
      for (let j = 0; j < holders.length; j++) held[holders[j] as number]! += idf;
    }
    const stack: { rank: number; lift: number }[] = [];
    let label = -1;
    for (let u = 0; u < d.unitLevel.length; u++) {
      if (d.unitLevel[u] !== 0) continue;
      let rank = ranks[u]!;
      if (rank >= 0) {
        // The title after a bare label ("Item 7." then "Management's Discussion ...") joins its rank.
        if (label >= 0) rank = label;
        while (stack.length > 0 && stack[stack.length - 1]!.rank >= rank) stack.pop();
        const share = held[u]!;
        const outer = stack.length > 0 ? stack[stack.length - 1]!.lift : 0;
        stack.push({ rank, lift: Math.max(outer, share / named) });
        label = label < 0 && (d.sentenceFlags[u]! & BARE_LABEL_FLAG) !== 0 ? rank : -1;
      } else {
        label = -1;
      }
      prior[u] = stack.length > 0 ? stack[stack.length - 1]!.lift : 0;
    }
    return prior;
  });
}
