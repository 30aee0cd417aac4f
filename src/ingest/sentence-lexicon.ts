/**
 * Word lists and character classes of the sentence splitter: abbreviations that a period does not end, and common
 * sentence-opening words that let an ambiguous abbreviation ("Inc.", "U.S.", "et al.") end one.
 * The classes follow the abbreviation handling of rule-based splitters (pySBD's "golden rules",
 * Sadvilkar & Neumann 2020; Punkt's orthographic heuristic, Kiss & Strunk 2006).
 */

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}

/** Abbreviations (lower case, without the final period) that never end a sentence. */
export const ALWAYS_ABBREVIATIONS = words(`
  mr mrs ms mx messrs mmes dr prof rev hon gen col maj lt sgt capt cpt cmdr adm gov sen rep pres supt insp
  mt ft vs v e.g i.e eg ie cf viz approx ca c esp incl excl resp univ assn fig figs eq eqs pp vol vols nos
  ed eds trans jan feb apr jun jul aug sep sept oct nov dec
`);

/** Abbreviations that do not end a sentence when a number follows ("No. 5", "p. 12", "Sec. 3"). */
export const NUMBER_ABBREVIATIONS = words(`no nr n p pg pt pts sec sect art para ch chap tab ex fn`);

/**
 * Abbreviations that often close a sentence too ("... at Apple Inc. The next year ...").
 * They end one only when a common sentence-opening word follows.
 */
export const MAY_END_ABBREVIATIONS = words(`
  etc inc ltd co corp llc plc llp jr sr esq al st ave rd blvd dept bros
`);

/** Capitalised words that usually open a sentence (lower case here). */
export const SENTENCE_STARTERS = words(`
  the a an this that these those it its he she they we i you his her their our my your there then thus
  hence but and or so yet however therefore moreover furthermore meanwhile also in on at as for if when
  while after before during although though because since what why how where who which one some many most
  all no not each every both such today here finally first next later now instead indeed still only even
  despite with from by to
`);

const codes = (chars: string): ReadonlySet<number> => new Set([...chars].map((ch) => ch.codePointAt(0) ?? 0));
/** Sentence-final punctuation. */
export const TERMINATORS = codes(".!?…‽‼⁇⁈⁉؟।॥。！？｡．");
/** Terminators of scripts written without spaces: they end a sentence whatever follows. */
export const TIGHT_TERMINATORS = codes("。！？｡．");
/** Closing quotes and brackets that stay with the sentence they follow. */
export const CLOSERS = codes(`"')]}»”’›」』）】〉》〕］｝＂＇〗〙〛`);
/** Characters that cannot open a sentence: a period before them ends none. */
export const NO_START = codes(".,;:!?)]}…%”’»›、，。；：）");
/** A line ending in one of these continues on the next line. */
export const CONTINUES = codes(",;-–—&/([{+=\\");

/** True for the characters JavaScript's `\s` matches. */
export function isWhitespaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const LOWER = /\p{Ll}/u;

/** True for lower-case letters (Unicode `Ll`). */
export function isLowerCode(cp: number): boolean {
  if (cp < 128) return cp >= 97 && cp <= 122;
  return LOWER.test(String.fromCodePoint(cp));
}
