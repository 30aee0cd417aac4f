/**
 * Answer-quality metrics, used when a model writes the answers:
 * - exact match and token F1 as in SQuAD's official `evaluate-v1.1.py` (Rajpurkar et al.
 *   2016): normalised strings, bag-of-tokens overlap, best over the gold answers;
 * - ROUGE-L (Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries", §3): F-measure
 *   of the longest common subsequence of tokens (beta = 1, as the rouge-score package reports);
 * - multiple-choice accuracy: the chosen letter A-D parsed from a model's reply.
 */
import { normalizeAnswer, normalizeSpaced } from "./normalize.js";

function tokens(s: string): string[] {
  const n = normalizeAnswer(s);
  return n.length > 0 ? n.split(" ") : [];
}

/**
 * 1 when the normalised prediction equals a normalised gold answer, else 0.
 * @example exactMatch("The Beatles.", ["beatles"]) // 1
 */
export function exactMatch(prediction: string, answers: readonly string[]): number {
  const p = normalizeAnswer(prediction);
  return answers.some((a) => normalizeAnswer(a) === p) ? 1 : 0;
}

function f1Pair(prediction: readonly string[], gold: readonly string[]): number {
  if (prediction.length === 0 || gold.length === 0) return prediction.length === gold.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of prediction) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / prediction.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * SQuAD token F1, the best over the gold answers.
 * @example f1Score("in Paris, France", ["Paris"]) // 0.5
 */
export function f1Score(prediction: string, answers: readonly string[]): number {
  const p = tokens(prediction);
  return answers.reduce((best, a) => Math.max(best, f1Pair(p, tokens(a))), 0);
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Uint32Array(b.length + 1);
  let row = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, row[j - 1] as number);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length] as number;
}

function rougeTokens(s: string): string[] {
  const n = normalizeSpaced(s);
  return n.length > 0 ? n.split(" ") : [];
}

/**
 * ROUGE-L F1 of the prediction against the best gold answer (tokens lower-cased, punctuation
 * split off, articles dropped).
 * @example rougeL("the cat sat on the mat", ["the cat lay on the mat"]) // 0.75
 */
export function rougeL(prediction: string, answers: readonly string[]): number {
  const p = rougeTokens(prediction);
  let best = 0;
  for (const answer of answers) {
    const g = rougeTokens(answer);
    if (p.length === 0 || g.length === 0) continue;
    const lcs = lcsLength(p, g);
    if (lcs === 0) continue;
    const precision = lcs / p.length;
    const recall = lcs / g.length;
    best = Math.max(best, (2 * precision * recall) / (precision + recall));
  }
  return best;
}

const LETTER_PATTERNS = [
  /\b(?:answer|option|choice)\s*(?:is|:)?\s*\(?([A-D])\)?(?![\p{L}\p{N}])/iu,
  /^\s*\(?([A-D])\)?(?:[.):\s]|$)/u,
  /\(([A-D])\)/u,
];

/**
 * The option (0-3) a reply chooses: a letter A-D ("Answer: B", "(C)", "D. ..."), else the one
 * option whose text the reply contains. Undefined when it chooses none or several.
 * @example parseChoice("The answer is (C).") // 2
 */
export function parseChoice(reply: string, options: readonly string[] = []): number | undefined {
  for (const pattern of LETTER_PATTERNS) {
    const m = pattern.exec(reply);
    if (m?.[1]) return m[1].toUpperCase().charCodeAt(0) - 65;
  }
  const said = normalizeAnswer(reply);
  const hits = options.flatMap((o, i) => {
    const n = normalizeAnswer(o);
    return n.length > 0 && ` ${said} `.includes(` ${n} `) ? [i] : [];
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** 1 when the reply chooses the gold option, else 0. */
export function choiceCorrect(reply: string, gold: number, options: readonly string[] = []): number {
  return parseChoice(reply, options) === gold ? 1 : 0;
}
