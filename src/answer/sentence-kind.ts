/**
 * What kind of text a read sentence is: prose that can answer, or page chrome that only looks
 * relevant because it repeats the words of a title (reference-list entries, navigation lines,
 * headings, bare table rows). Used to keep chrome out of answers when prose is there.
 */

export type SentenceKind = "prose" | "reference" | "navigation" | "heading" | "row";

const REFERENCE = /(?:\bRetrieved\b.{0,40}\d{4}|\bArchived from\b|\bISBN\b|\bdoi:|\bISSN\b|\bpp?\.\s*\d|^\s*\^|^\s*Jump up\b|\bet al\.\s*\(?\d{4}|\bVol\.\s*\d|\bIn Proceedings\b|\barXiv\b)/u;
const NAVIGATION = /(?:\bJump to\b|\bMain page\b|\bNavigation\b|\bTable of contents\b|\bPrevious\b.*\bNext\b|\bShow\s*\/\s*hide\b|\bview\s*·\s*talk\b|¶|\s-\sWikipedia\s*$|\[\s*edit\s*\])/iu;
const SEPARATORS = /[|•»·›]/gu;
const QUOTED = /``.*?''|"[^"]*"|“[^”]*”/gu;
const WORDS = /[\p{L}\p{N}]+/gu;
const END = /[.!?;:)"”'’]\s*$/u;

function wordCount(s: string): number {
  // match() with the global flag gives the words alone, without a match object for each.
  return s.match(WORDS)?.length ?? 0;
}

/** Classifies one sentence of document text. */
export function sentenceKind(text: string): SentenceKind {
  const trimmed = text.trim();
  const words = wordCount(trimmed);
  if (REFERENCE.test(trimmed)) return "reference";
  const separators = trimmed.match(SEPARATORS)?.length ?? 0;
  if (NAVIGATION.test(trimmed) || separators >= 3) return "navigation";
  const outsideQuotes = wordCount(trimmed.replace(QUOTED, " "));
  if (outsideQuotes <= 3 && words > outsideQuotes) return "reference";
  if (!END.test(trimmed) && words <= 12) return words <= 6 && /^[\p{Lu}\d]/u.test(trimmed) && !/\d/.test(trimmed) ? "heading" : "row";
  if (words < 4) return "heading";
  return "prose";
}

/** True for prose that can carry a sentence answer. */
export function isProse(kind: SentenceKind): boolean {
  return kind === "prose";
}
