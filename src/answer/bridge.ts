/**
 * Two-step (bridge) scoring for multi-hop questions: "Who directed the film that was shot in
 * Leland in 1986?" is answered by a sentence about the film ("Maximum Overdrive is a 1986 film
 * ... directed by Stephen King"), found through a name that a sentence matching the question
 * gives ("movies such as Maximum Overdrive (1986) ... shot in Leland"). A read sentence that
 * names a bridge entity of one of the best sentences scores as the pair does: the first
 * sentence's relevance, and the question terms the two hold together. The bridge entity itself
 * is the first hop's answer, not the question's.
 */
import { candidatesOf } from "./candidates.js";
import type { QuestionAnalysis } from "./question.js";
import { wordsOf, type ReadSentence } from "./sentences-read.js";
import { repeatShare } from "./span-rules.js";

export interface Bridged {
  /** The pair's score (the sentence is scored as the pair). */
  readonly score: number;
  /** The bridge entity's key (lower-case words), which the sentence names. */
  readonly key: string;
  /** The first-hop sentence that gave it. */
  readonly from: ReadSentence;
}

export interface BridgeInput {
  readonly sentence: ReadSentence;
  readonly score: number;
  /** The walk's relevance of the sentence, scaled to [0, 1]. */
  readonly relevance: number;
  readonly terms: ReadonlySet<string>;
}

export interface BridgeOptions {
  /** First-hop sentences (best first) whose names are bridges. */
  readonly hops: number;
  /** Factor of a pair's score against a sentence's own (0: no bridging). */
  readonly bridge: number;
  /** Weight of the first hop's relevance in the pair's score (the rest is their joint coverage). */
  readonly relevanceWeight: number;
}

/** A text's words, lower case, joined by single spaces and padded (for whole-word containment). */
export function keyedText(text: string): string {
  return ` ${wordsOf(text)
    .map((w) => text.slice(w.start, w.end).toLowerCase())
    .join(" ")} `;
}

function coverage(terms: ReadonlySet<string>, analysis: QuestionAnalysis): number {
  let total = 0;
  let have = 0;
  for (const t of analysis.terms) {
    total += t.weight;
    if (terms.has(t.term)) have += t.weight;
  }
  return total > 0 ? have / total : 0;
}

/**
 * For each read sentence that names a bridge entity of one of the `hops` best sentences (a
 * name or title there that the question does not name), the pair's score when it beats the
 * sentence's own.
 */
export function bridgedScores(ranked: readonly BridgeInput[], all: readonly BridgeInput[], analysis: QuestionAnalysis, o: BridgeOptions): Map<ReadSentence, Bridged> {
  const out = new Map<ReadSentence, Bridged>();
  if (o.bridge <= 0) return out;
  const questionTerms = new Set(analysis.terms.map((t) => t.term));
  const keyed = new Map(all.map((s) => [s.sentence, keyedText(s.sentence.text)]));
  for (const first of ranked.slice(0, o.hops)) {
    const names = candidatesOf(first.sentence.text).filter((c) => c.kind === "name" || c.kind === "title");
    for (const c of names) {
      const text = first.sentence.text.slice(c.start, c.end);
      if (repeatShare(text, questionTerms) >= 0.5) continue;
      const key = keyedText(text).trim();
      if (key.length < 4) continue;
      for (const second of all) {
        if (second.sentence === first.sentence || !keyed.get(second.sentence)?.includes(` ${key} `)) continue;
        // The second hop must add a question term the first does not hold.
        if (![...second.terms].some((t) => questionTerms.has(t) && !first.terms.has(t))) continue;
        const joint = coverage(new Set([...first.terms, ...second.terms]), analysis);
        const score = o.bridge * (o.relevanceWeight * first.relevance + (1 - o.relevanceWeight) * joint);
        if (score > second.score && score > (out.get(second.sentence)?.score ?? 0)) out.set(second.sentence, { score, key, from: first.sentence });
      }
    }
  }
  return out;
}
