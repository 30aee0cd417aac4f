/**
 * The question turned declarative around its asked slot, as the pattern-based QA systems
 * matched it: the answer sentence tends to say the question's words next to the answer in the
 * question's order ("graduated from what school": "graduated from Hebron Academy"; "who
 * directed the film": "directed by Park Jin-pyo"). Words are content words and prepositions,
 * once the other stop words (articles, auxiliaries, wh-words) are dropped. Off by default
 * (`slotCue`; docs/answers.md, round 8).
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
