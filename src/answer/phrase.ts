/**
 * Ordered phrase matches between the question and a read sentence, as the pattern-based QA
 * systems used them: the answer sentence tends to say the question's words in the question's
 * order ("graduated from what school": "graduated from Hebron Academy"; "a second campus in
 * which city": "a second campus in San Diego"), where a sentence that merely shares the words
 * does not. A phrase is two words in a row, a content word with a content word or a
 * preposition, once the other stop words (articles, auxiliaries, wh-words) are dropped.
 */
import type { Candidate } from "./candidates.js";
import type { QuestionAnalysis } from "./question.js";
import { whOf } from "./question.js";
import { wordsOf, type ReadSentence } from "./sentences-read.js";

const PREPOSITIONS = new Set(["in", "on", "at", "by", "from", "to", "of", "for", "with", "as", "into", "after", "before", "during", "under", "over", "between", "near", "about", "against", "through"]);

interface Token {
  readonly key: string;
  /** The analysed term; undefined for a preposition. */
  readonly term: string | undefined;
  readonly start: number;
  readonly end: number;
}

/** Content words (analysed) and prepositions, in order; other stop words are dropped. */
export function phraseTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const w of wordsOf(text)) {
    if (w.term !== undefined) out.push({ key: w.term, term: w.term, start: w.start, end: w.end });
    else {
      const word = text.slice(w.start, w.end).toLowerCase();
      if (PREPOSITIONS.has(word)) out.push({ key: `~${word}`, term: undefined, start: w.start, end: w.end });
    }
  }
  return out;
}

/** The question's phrases (two tokens in a row, not both prepositions), each weighing its content terms' weights. */
export function questionPhrases(question: string, analysis: QuestionAnalysis): Map<string, number> {
  const weights = new Map(analysis.terms.map((t) => [t.term, t.weight]));
  const tokens = phraseTokens(question);
  const out = new Map<string, number>();
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!;
    const b = tokens[i]!;
    if (a.term === undefined && b.term === undefined) continue;
    const weight = (a.term ? (weights.get(a.term) ?? 0) : 0) + (b.term ? (weights.get(b.term) ?? 0) : 0);
    if (weight > 0) out.set(`${a.key} ${b.key}`, weight);
  }
  return out;
}

/** Where the question's phrases occur in a sentence: character ranges, with the phrase's weight. */
export function phraseMatches(s: ReadSentence, phrases: ReadonlyMap<string, number>): { start: number; end: number; weight: number; key: string }[] {
  if (phrases.size === 0) return [];
  const tokens = phraseTokens(s.text);
  const out: { start: number; end: number; weight: number; key: string }[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const key = `${tokens[i - 1]!.key} ${tokens[i]!.key}`;
    const weight = phrases.get(key);
    if (weight !== undefined) out.push({ start: tokens[i - 1]!.start, end: tokens[i]!.end, weight, key });
  }
  return out;
}

/** Weighted share of the question's phrases that the sentence says (each counted once). */
export function phraseShare(s: ReadSentence, phrases: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const w of phrases.values()) total += w;
  if (total === 0) return 0;
  const seen = new Map<string, number>();
  for (const m of phraseMatches(s, phrases)) seen.set(m.key, m.weight);
  let have = 0;
  for (const w of seen.values()) have += w;
  return have / total;
}

/**
 * A question phrase right next to the candidate: ending at most `gap` words before it
 * ("graduated from [Hebron Academy]") or starting at most `gap` words after it, outside it.
 */
export function phraseNext(s: ReadSentence, c: Candidate, phrases: ReadonlyMap<string, number>, gap: number): boolean {
  const matches = phraseMatches(s, phrases);
  if (matches.length === 0) return false;
  const words = s.words;
  const first = words.findIndex((w) => w.end > c.start);
  let last = -1;
  words.forEach((w, i) => {
    if (w.start < c.end) last = i;
  });
  if (first < 0 || last < 0) return false;
  const indexOf = (offset: number): number => words.findIndex((w) => w.start <= offset && offset < w.end);
  return matches.some((m) => {
    if (m.end <= c.start) return first - indexOf(m.end - 1) - 1 <= gap;
    if (m.start >= c.end) return indexOf(m.start) - last - 1 <= gap;
    return false;
  });
}

/**
 * The question's words around the asked slot, as the answer sentence would say them:
 * `before`, the two words right before the wh-phrase ("graduated from [what school]",
 * "created by [whom]"); `after`, the two right after it ("who [directed the film]": the
 * sentence says "X directed the film", or passively "directed by X").
 */
export interface Slot {
  readonly before?: readonly [string, string];
  readonly after?: readonly string[];
  /** The first word after the slot may be a verb the sentence says passively ("directed by X"). */
  readonly passive?: boolean;
}

export function slotOf(question: string, analysis: QuestionAnalysis): Slot {
  const lower = question.toLowerCase();
  const { wh, at } = whOf(lower);
  if (wh === "") return {};
  const tokens = phraseTokens(question);
  const before = tokens.filter((t) => t.end <= at);
  const asked = new Set([...analysis.asked, ...(analysis.head ? [analysis.head] : [])]);
  let rest = tokens.filter((t) => t.start >= at + wh.length);
  // What/which: the wh-phrase runs on through the words naming the kind ("what college preparatory school").
  if (wh === "what" || wh === "which") {
    const end = rest.findIndex((t) => t.term === undefined || !asked.has(t.term));
    rest = end < 0 ? [] : rest.slice(end);
  }
  const pair = (a: Token | undefined, b: Token | undefined): [string, string] | undefined => (a && b && (a.term !== undefined || b.term !== undefined) ? [a.key, b.key] : undefined);
  const b = pair(before.at(-2), before.at(-1));
  // The predicate after the slot: up to three words, the first a common one ("who [does the voice of Jeremy]"; not a name: "who does [Ewan McGregor] play").
  const specific = new Set(analysis.terms.filter((t) => t.specific).map((t) => t.term));
  const a = rest[0]?.term !== undefined && !specific.has(rest[0].term) && rest.length >= 2 ? rest.slice(0, 3).map((t) => t.key) : undefined;
  // A word after an article is a noun ("who does the voice of"), so the sentence cannot say it passively.
  const verb = rest[0] !== undefined && !/\b(?:a|an|the|his|her|its|their)\s+$/i.test(question.slice(0, rest[0].start));
  return { ...(b ? { before: b } : {}), ...(a ? { after: a, passive: verb } : {}) };
}

/**
 * The sentence says the slot's words next to the candidate: the `before` pair right before it
 * (at most `gap` dropped words between), the `after` pair right after it, or the `after`
 * pair's first word and "by" right before it (the passive).
 */
export function slotNext(s: ReadSentence, c: Candidate, slot: Slot, gap: number): boolean {
  if (!slot.before && !slot.after) return false;
  const tokens = phraseTokens(s.text);
  const left = tokens.filter((t) => t.end <= c.start);
  const right = tokens.filter((t) => t.start >= c.end);
  const wordsBetween = (from: number, to: number): number => s.words.filter((w) => w.start >= from && w.end <= to).length;
  const l1 = left.at(-1);
  const l2 = left.at(-2);
  const leftClose = l1 !== undefined && wordsBetween(l1.end, c.start) <= gap;
  if (slot.before && leftClose && l2 && l2.key === slot.before[0] && l1.key === slot.before[1]) return true;
  if (slot.after) {
    const r1 = right[0];
    if (r1 && wordsBetween(c.end, r1.start) <= gap && slot.after.every((k, i) => right[i]?.key === k)) return true;
    if (slot.passive && leftClose && l2 && l2.key === slot.after[0] && l1.key === "~by") return true;
  }
  return false;
}
