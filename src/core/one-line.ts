/**
 * Text from a document as a terminal shows it on one line: line breaks and indentation of
 * hard-wrapped text become single spaces, and a word hyphenated at a line's end ("ig‐" /
 * "norespace" in `man` output, by U+2010 or a soft hyphen) is written whole, as the analyzer
 * reads it (`core/analyze.ts`, `WORD_PATTERN`). Soft hyphens inside a line are dropped: they
 * only mark where a word may break. Citations keep their exact text; this is for showing it.
 * @example oneLine("includes  ig‐\n      norespace,  lines") // "includes ignorespace, lines"
 */
const LINE_END_HYPHEN = /([\p{L}\p{N}])[\u00ad\u2010][ \t]*\r?\n[ \t]*(?=\p{Ll})/gu;

export function oneLine(text: string): string {
  return text.replace(LINE_END_HYPHEN, "$1").replace(/\u00ad/g, "").replace(/\s+/g, " ").trim();
}
