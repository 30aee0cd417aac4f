/**
 * The lexical analyzer shared by the index and the query side: Unicode-aware word split,
 * lower case, English stop words dropped, a light suffix stemmer (plural and -ing/-ed forms).
 * Index and query must use the same function, so it lives here, below both.
 */

const STOP_WORDS = new Set(
  (
    "a an and are as at be been being but by can could did do does doing for from had has have having he her " +
    "here hers him his how i if in into is it its itself me more most my no nor not of off on once only or other " +
    "our ours out over own same she should so some such than that the their theirs them then there these they " +
    "this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours"
  ).split(" "),
);

/**
 * A word: letters and digits, perhaps an apostrophe's ending ("don't", "Ann’s"). A soft hyphen
 * (U+00AD) inside a word and a hyphen (U+2010, or a soft one) at a line's end before a lower-case
 * continuation are hyphenation, not word ends: hard-wrapped text such as `man` output writes
 * "ig‐" at one line's end and "norespace" on the next, and the word is "ignorespace"
 * (`joinWord` drops the break; offsets still span the text as written). An ASCII hyphen at a
 * line's end is left alone: it is as often a compound's ("self-" / "contained").
 */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:(?:\u00ad|[\u00ad\u2010][ \t]*\r?\n[ \t]*(?=\p{Ll}))[\p{L}\p{N}]+)*(?:['’][\p{L}]+)?/gu;

/** A `WORD_PATTERN` match as the word it writes: hyphenation breaks and soft hyphens dropped. */
export function joinWord(match: string): string {
  return match.indexOf("\u00ad") < 0 && match.indexOf("\u2010") < 0 ? match : match.replace(/[\u00ad\u2010][ \t]*(?:\r?\n[ \t]*)?/g, "");
}

/** A light, deterministic stemmer: enough to join "contracts"/"contract", "terminated"/"terminate". */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word.replace(/['’]s$/, "");
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith("ly")) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/**
 * Terms of a text, in order, with repeats.
 * @example analyze("The contracts were terminated.") // ["contract", "terminat"]
 */
export function analyze(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  // Words are found in the text as written (a line-end hyphen joins only a lower-case
  // continuation) and read in lower case; the rare text whose lower case changes length
  // ("İ") is matched in lower case.
  const source = lower.length === text.length ? text : lower;
  for (const match of source.matchAll(WORD_PATTERN)) {
    const word = joinWord(lower.slice(match.index, match.index + match[0].length));
    if (STOP_WORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/** Term frequencies of a text. */
export function termFrequencies(text: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const term of analyze(text)) tf.set(term, (tf.get(term) ?? 0) + 1);
  return tf;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/** What one document's build asks of the analyzer, memoised (see {@link analysisMemo}). */
export interface AnalysisMemo {
  /** `analyze(text)`, the same array on every call for the same text: do not change it. */
  readonly terms: (text: string) => readonly string[];
  /** `termFrequencies(text)`, the same map on every call for the same text: do not change it. */
  readonly frequencies: (text: string) => ReadonlyMap<string, number>;
  /**
   * Records `terms` as `analyze(text)` for a text not analysed yet (a caller that knows them
   * already: a leaf's terms are its sentences' terms in turn, `ingest/leaf-terms.ts`).
   */
  readonly seed: (text: string, terms: readonly string[]) => void;
}

/**
 * `analyze` and `termFrequencies` with a memo, for one document's build: its sentences are
 * analysed for the graph's tf-idf vectors, again as reading units and again as extractive
 * information points, and every node's text for the postings and again for the question-time
 * data. With the memo each text is analysed once; results are exactly those of the plain
 * functions. Drop it with the document.
 */
export function analysisMemo(): AnalysisMemo {
  const terms = new Map<string, readonly string[]>();
  const frequencies = new Map<string, ReadonlyMap<string, number>>();
  const termsOf = (text: string): readonly string[] => {
    let list = terms.get(text);
    if (list === undefined) terms.set(text, (list = analyze(text)));
    return list;
  };
  return {
    terms: termsOf,
    seed: (text, list) => {
      if (!terms.has(text)) terms.set(text, list);
    },
    frequencies: (text) => {
      let tf = frequencies.get(text);
      if (tf === undefined) {
        const counts = new Map<string, number>();
        for (const term of termsOf(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
        frequencies.set(text, (tf = counts));
      }
      return tf;
    },
  };
}
