/**
 * Answer normalisation of SQuAD's official `evaluate-v1.1.py` (Rajpurkar et al. 2016): lower
 * case, punctuation and the articles a/an/the removed, whitespace collapsed; made
 * Unicode-aware here (NFKD with non-spacing marks dropped, punctuation of every script).
 */

const MARKS = /\p{Mn}/gu;
const PUNCTUATION = /[\p{P}\p{S}]/gu;
const ARTICLES = /(?<![\p{L}\p{N}])(?:a|an|the)(?![\p{L}\p{N}])/gu;
const SPACES = /\s+/gu;

/**
 * SQuAD answer normalisation, Unicode-aware: compatibility decomposition (NFKD) with
 * non-spacing marks dropped (so "Café" and "Cafe" agree), lower case, punctuation and symbols
 * of every script removed, articles removed, whitespace collapsed. Letters of all scripts stay.
 * @example normalizeAnswer("The Half-Blood  Prince!") // "halfblood prince"
 */
export function normalizeAnswer(s: string): string {
  return s
    .normalize("NFKD")
    .replace(MARKS, "")
    .toLowerCase()
    .replace(PUNCTUATION, "")
    .replace(ARTICLES, " ")
    .replace(SPACES, " ")
    .trim();
}

/**
 * Like {@link normalizeAnswer} but punctuation becomes a space instead of vanishing, so texts
 * tokenised with spaces around punctuation ("Potter 's", "Half - Blood") still match.
 */
export function normalizeSpaced(s: string): string {
  return s
    .normalize("NFKD")
    .replace(MARKS, "")
    .toLowerCase()
    .replace(PUNCTUATION, " ")
    .replace(ARTICLES, " ")
    .replace(SPACES, " ")
    .trim();
}

