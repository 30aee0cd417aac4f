/**
 * The question's terms in the read sentences, for the extractive reader (extract.ts): weighted
 * coverage, nearness to a candidate in a window, IDF weights, a span's identity, and the terms a
 * pronoun-led sentence carries over from the one before it.
 */
import type { Candidate } from "./candidates.js";
import type { QuestionAnalysis } from "./question.js";
import { wordsOf, type ReadSentence } from "./sentences-read.js";

export function coverageOf(terms: ReadonlySet<string>, analysis: QuestionAnalysis, specificOnly = false): number {
  let total = 0;
  let have = 0;
  for (const t of analysis.terms) {
    if (specificOnly && !t.specific) continue;
    total += t.weight;
    if (terms.has(t.term)) have += t.weight;
  }
  return total > 0 ? have / total : 1;
}

export function termSet(sentence: ReadSentence): Set<string> {
  const out = new Set<string>();
  for (const w of sentence.words) if (w.term) out.add(w.term);
  return out;
}

/** Nearness of the question's terms to a candidate: weighted share within the window, and distance. */
export function windowScore(s: ReadSentence, c: Candidate, analysis: QuestionAnalysis, window: number, carried?: ReadonlySet<string>): number {
  const weights = new Map(analysis.terms.map((t) => [t.term, t.weight]));
  let total = 0;
  for (const t of analysis.terms) total += t.weight;
  if (total === 0) return 0;
  const first = s.words.findIndex((w) => w.end > c.start);
  let last = -1;
  s.words.forEach((w, i) => {
    if (w.start < c.end) last = i;
  });
  if (first < 0 || last < 0) return 0;
  const near = new Map<string, number>();
  s.words.forEach((w, i) => {
    if (!w.term || (i >= first && i <= last)) return;
    const weight = weights.get(w.term);
    if (weight === undefined) return;
    const distance = i < first ? first - i : i - last;
    if (distance > window) return;
    const closeness = 1 - (distance - 1) / (2 * window);
    near.set(w.term, Math.max(near.get(w.term) ?? 0, weight * closeness));
  });
  // Terms the sentence carries over through a leading pronoun count as at the pronoun.
  const pronounDistance = first + 1;
  if (carried && pronounDistance <= window) {
    for (const term of carried) {
      const weight = weights.get(term);
      if (weight === undefined) continue;
      const closeness = 1 - (pronounDistance - 1) / (2 * window);
      near.set(term, Math.max(near.get(term) ?? 0, weight * closeness * 0.8));
    }
  }
  let sum = 0;
  for (const v of near.values()) sum += v;
  return sum / total;
}

/**
 * The question's term weights times their rarity among the sentences read (a term in every
 * read sentence, such as the subject of the document, tells sentences apart least).
 */
export function withReadIdf(analysis: QuestionAnalysis, sentences: readonly ReadSentence[]): QuestionAnalysis {
  const n = sentences.length;
  if (n === 0) return analysis;
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of termSet(s)) df.set(t, (df.get(t) ?? 0) + 1);
  return {
    ...analysis,
    terms: analysis.terms.map((t) => ({ ...t, weight: t.weight * (0.5 + Math.log(1 + n / (1 + (df.get(t.term) ?? 0))) / Math.log(1 + n)) })),
  };
}

/** The question's term weights times their IDF in the documents asked (scaled so the rarest weighs 1). */
export function withIdf(analysis: QuestionAnalysis, termIdf: (term: string) => number): QuestionAnalysis {
  const idfs = analysis.terms.map((t) => Math.max(0, termIdf(t.term)));
  const top = idfs.reduce((m, x) => Math.max(m, x), 0) || 1;
  return { ...analysis, terms: analysis.terms.map((t, i) => ({ ...t, weight: t.weight * (0.1 + idfs[i]! / top) })) };
}

/** A span's identity for agreement: lower case, words only. */
export function keyOf(text: string): string {
  return wordsOf(text)
    .map((w) => text.slice(w.start, w.end).toLowerCase())
    .join(" ");
}

const PRONOUN_START = /^\s*(?:It|He|She|They|This|These|Its|His|Her|Their|The (?:company|band|film|city|town|bridge|team|group|book|song|album|show|series|building|river|player|station))\b/u;

/**
 * Terms a sentence that starts with a pronoun ("It was designed by ...") carries over from the
 * sentence right before it in the same document (when that one was read too).
 */
export function carriedTerms(sentences: readonly ReadSentence[]): (Set<string> | undefined)[] {
  const byEnd = new Map<string, ReadSentence>();
  for (const s of sentences) byEnd.set(`${s.citation.docId}:${s.citation.end}`, s);
  return sentences.map((s) => {
    if (!PRONOUN_START.test(s.text)) return undefined;
    for (let gap = 1; gap <= 3; gap++) {
      const before = byEnd.get(`${s.citation.docId}:${s.citation.start - gap}`);
      if (before) return termSet(before);
    }
    return undefined;
  });
}

const TITLE_END = /[.!?;:"”'’]\s*$/u;

/** A paragraph's title line: short, no sentence end, opening with a capital or a digit ("Iron Maiden", "Live in Japan (Fred Frith album)"). */
function isTitleLine(s: ReadSentence): boolean {
  return !TITLE_END.test(s.text) && s.words.length > 0 && s.words.length <= 10 && /^\s*[\p{Lu}\d]/u.test(s.text);
}

/**
 * The title line of each read sentence's paragraph, when the walk read that line and every
 * sentence between it and this one (documents of titled paragraphs: "Iron Maiden" / "Iron
 * Maiden are an English heavy metal band ..." / "The band's discography ..."). A title line has none.
 */
export function paragraphTitles(sentences: readonly ReadSentence[]): Map<ReadSentence, ReadSentence> {
  const out = new Map<ReadSentence, ReadSentence>();
  const byDoc = new Map<string, ReadSentence[]>();
  for (const s of sentences) {
    const list = byDoc.get(s.citation.docId);
    if (list) list.push(s);
    else byDoc.set(s.citation.docId, [s]);
  }
  for (const list of byDoc.values()) {
    list.sort((a, b) => a.citation.start - b.citation.start);
    let title: ReadSentence | undefined;
    let end = -Infinity;
    for (const s of list) {
      if (s.citation.start < end) continue;
      if (isTitleLine(s)) title = s;
      else if (title && s.citation.start - end <= 2) out.set(s, title);
      else title = undefined;
      end = s.citation.end;
    }
  }
  return out;
}
