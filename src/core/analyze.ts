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

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

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
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
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
