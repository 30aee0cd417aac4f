/**
 * Retrieval metrics of the evaluation (PECAN.md §5), none of which needs a model:
 * - span recall@B: the share of the gold evidence's characters covered by the verbatim spans
 *   read. Whitespace characters are left out of both sides (layout whitespace differs between
 *   extractions and says nothing about what was read). Summaries count only through the
 *   spans they quote.
 * - answer recall@B: a gold answer, normalised the SQuAD way (Rajpurkar et al. 2016, the
 *   official `evaluate-v1.1.py`: lower case, punctuation and articles a/an/the removed,
 *   whitespace collapsed), occurs in the normalised text read, on word boundaries.
 * - tokens-to-evidence: context tokens read until span recall reaches 0.9 (or, for questions
 *   without located evidence, until a gold answer appears).
 * Answer-quality metrics (EM/F1, ROUGE-L, multiple choice) are in `quality.ts`.
 */
import type { Span } from "../index.js";
import { GAP, mergeSpans, overlapWeight, readTextOf, spanWeigher } from "./spans.js";
import { normalizeAnswer, normalizeSpaced } from "./normalize.js";

export { locateEvidence, locateEvidenceDetailed, DEFAULT_LOCATE } from "./locate.js";
export type { LocatedEvidence, LocateOptions } from "./locate.js";
export { mergeSpans, readTextOf } from "./spans.js";
export { normalizeAnswer, normalizeSpaced } from "./normalize.js";
export { exactMatch, f1Score, rougeL, parseChoice, choiceCorrect } from "./quality.js";

/** Scripts written without spaces between words: there, containment cannot ask for word boundaries. */
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;

function containsWords(hay: string, needle: string): boolean {
  if (needle.length === 0) return false;
  if (UNSPACED.test(needle)) return hay.includes(needle);
  return ` ${hay} `.includes(` ${needle} `);
}

/**
 * True when a normalised gold answer occurs in the normalised read text on word boundaries.
 * Either normalisation may match (punctuation removed, or turned into spaces). Pieces of the
 * read text separated by the `GAP` character of {@link readTextOf} are searched one by one.
 * @example answerRecall(["the Eiffel Tower"], "She saw Eiffel tower, then left.") // true
 */
export function answerRecall(answers: readonly string[], readText: string): boolean {
  const wanted = answers
    .map((a) => ({ strict: normalizeAnswer(a), spaced: normalizeSpaced(a) }))
    .filter((a) => a.strict.length > 0 || a.spaced.length > 0);
  if (wanted.length === 0) return false;
  for (const piece of readText.split(GAP)) {
    const strict = normalizeAnswer(piece);
    const spaced = normalizeSpaced(piece);
    if (wanted.some((a) => containsWords(strict, a.strict) || containsWords(spaced, a.spaced))) return true;
  }
  return false;
}

/** Answers that are not spans of any text: their occurrence proves nothing. */
const NON_SPAN_ANSWERS = new Set(["yes", "no", "unanswerable", "none", "true", "false"]);

/**
 * The gold answers worth looking for in what was read: those that occur in the whole document
 * (a method cannot read an answer the document does not contain) and are not yes/no-style
 * answers (which occur everywhere and prove nothing).
 */
export function locatableAnswers(answers: readonly string[], docText: string): string[] {
  return answers.filter((a) => {
    const n = normalizeAnswer(a);
    return n.length > 0 && !NON_SPAN_ANSWERS.has(n) && answerRecall([a], docText);
  });
}

/**
 * Share (0..1) of the evidence's characters covered by the union of the read spans. With
 * `docText`, whitespace characters count on neither side; without it, every character counts.
 * Empty evidence gives 0.
 * @example spanRecall([{ start: 0, end: 10 }], [{ start: 5, end: 20 }]) // 0.5
 */
export function spanRecall(evidence: readonly Span[], read: readonly Span[], docText?: string): number {
  const weigh = spanWeigher(docText);
  const gold = mergeSpans(evidence);
  const total = gold.reduce((sum, s) => sum + weigh(s.start, s.end), 0);
  if (total === 0) return 0;
  return overlapWeight(gold, mergeSpans(read), weigh) / total;
}

/** One step of a reading: the verbatim spans it added and the context tokens it cost. */
export interface ReadStep {
  readonly spans: readonly Span[];
  readonly tokens: number;
}

/** Span recall that counts as "the evidence was read". */
export const EVIDENCE_THRESHOLD = 0.9;

/**
 * Index of the first step after which the evidence counts as read: span recall of located
 * `evidence` reaches `threshold`, or, without evidence, a gold answer appears. -1 if never.
 * Both are monotone in the steps read, so a binary search over prefixes suffices.
 */
export function evidenceStep(
  steps: readonly ReadStep[],
  evidence: readonly Span[] | undefined,
  answers: readonly string[],
  docText: string,
  threshold = EVIDENCE_THRESHOLD,
): number {
  const hasEvidence = evidence !== undefined && evidence.length > 0;
  if (!hasEvidence && answers.length === 0) return -1;
  const reached = (count: number): boolean => {
    const spans = steps.slice(0, count).flatMap((s) => s.spans);
    return hasEvidence ? spanRecall(evidence, spans, docText) >= threshold - 1e-12 : answerRecall(answers, readTextOf(docText, spans));
  };
  if (!reached(steps.length)) return -1;
  let lo = 1;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reached(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/**
 * Context tokens read until the evidence counts as read (see {@link evidenceStep}), or
 * undefined when it never is within the steps given.
 * @example tokensToEvidence([{ spans: [{ start: 0, end: 4 }], tokens: 7 }], [{ start: 0, end: 4 }], [], "abcd") // 7
 */
export function tokensToEvidence(
  steps: readonly ReadStep[],
  evidence: readonly Span[] | undefined,
  answers: readonly string[],
  docText: string,
  threshold = EVIDENCE_THRESHOLD,
): number | undefined {
  const at = evidenceStep(steps, evidence, answers, docText, threshold);
  if (at < 0) return undefined;
  let tokens = 0;
  for (let i = 0; i <= at; i++) tokens += (steps[i] as ReadStep).tokens;
  return tokens;
}
