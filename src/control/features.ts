/**
 * Cheap features of "is the answer already in what was read?" for the model-free judge:
 * how relevant the best read unit is, whether the best unit overall was read, how much of the
 * question's (IDF-weighted) terms the read text and its best unit cover, whether the best
 * remaining unit is much weaker than what was read, and whether text of the type the question
 * asks for (a number, a date, a name) appears in the best read units.
 */
import { mergeStats, weightQuery, type WeightedQuery } from "../retrieval/bm25.js";
import type { JudgeInput } from "../retrieval/walk.js";

export const FEATURE_NAMES = [
  "maxRead",
  "topRead",
  "coverage",
  "bestCoverage",
  "gap",
  "logTokens",
  "answerType",
  "logSteps",
  "topFiveRead",
  "unreadRatio",
  "questionTerms",
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

type AnswerType = "number" | "date" | "name" | "none";

/** The type of answer a question asks for, from its wh-word. */
export function answerTypeOf(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\b(when|what year|which year|what date|how long ago)\b/.test(q)) return "date";
  if (/\b(how many|how much|what percentage|what percent|what is the (total|number|amount|ratio|rate)|how old)\b/.test(q)) return "number";
  if (/\b(who|whom|whose)\b/.test(q)) return "name";
  return "none";
}

const PATTERNS: Record<Exclude<AnswerType, "none">, RegExp> = {
  date: /\b(1[0-9]{3}|20[0-9]{2})\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b/i,
  number: /\d/,
  name: /\b[A-Z][a-z]+(?:\s+[A-Z][a-z.]+)+\b/,
};

const queryCache = new WeakMap<object, WeightedQuery>();

function questionWeights(input: JudgeInput): WeightedQuery {
  const cached = queryCache.get(input.relevance);
  if (cached) return cached;
  const query = weightQuery(input.relevance.terms, mergeStats(input.view.map((d) => d.sentenceStats)));
  queryCache.set(input.relevance, query);
  return query;
}

/** Feature vector of a judge input, in the order of FEATURE_NAMES. */
export function judgeFeatures(input: JudgeInput): number[] {
  const query = questionWeights(input);
  const totalIdf = query.idf.reduce((a, b) => a + b, 0) || 1;
  let maxRead = 0;
  let bestCoverage = 0;
  const seen = new Set<string>();
  const scored: { rel: number; text: string }[] = [];
  for (const ref of input.read) {
    const d = input.view[ref.doc]!;
    const rel = input.relevance.unit[ref.doc]![ref.unit]!;
    maxRead = Math.max(maxRead, rel);
    const tf = d.unitTf[ref.unit]!;
    let cov = 0;
    query.terms.forEach((term, i) => {
      if (tf.has(term)) {
        cov += query.idf[i]!;
        seen.add(term);
      }
    });
    bestCoverage = Math.max(bestCoverage, cov / totalIdf);
    scored.push({ rel, text: d.units[ref.unit]!.text });
  }
  let coverage = 0;
  query.terms.forEach((term, i) => {
    if (seen.has(term)) coverage += query.idf[i]!;
  });
  const { topRel, topFive } = ranking(input);
  const readMask = input.relevance.unit.map((rel) => new Uint8Array(rel.length));
  for (const r of input.read) readMask[r.doc]![r.unit] = 1;
  const topFiveRead = topFive.filter((r) => readMask[r.doc]![r.unit] === 1).length / Math.max(1, topFive.length);
  let bestUnread = 0;
  input.relevance.unit.forEach((rel, doc) => {
    const mask = readMask[doc]!;
    for (let unit = 0; unit < rel.length; unit++) if (rel[unit]! > bestUnread && mask[unit] === 0) bestUnread = rel[unit]!;
  });
  const type = answerTypeOf(input.question);
  scored.sort((a, b) => b.rel - a.rel);
  const answerType =
    type === "none" ? 0.5 : scored.slice(0, 3).some((s) => PATTERNS[type].test(s.text)) ? 1 : 0;
  return [
    maxRead,
    maxRead >= topRel - 1e-6 ? 1 : 0,
    coverage / totalIdf,
    bestCoverage,
    maxRead - input.bestUnreadScore,
    Math.log1p(input.tokensRead) / 10,
    answerType,
    Math.log1p(input.read.length),
    topFiveRead,
    topRel > 0 ? bestUnread / topRel : 0,
    Math.log1p(query.terms.length) / 3,
  ];
}

interface Ranked {
  readonly topRel: number;
  readonly topFive: readonly { readonly doc: number; readonly unit: number }[];
}

const rankingCache = new WeakMap<object, Ranked>();

/** The best direct relevance of the view and its five most relevant units (computed once per question). */
function ranking(input: JudgeInput): Ranked {
  const cached = rankingCache.get(input.relevance);
  if (cached) return cached;
  const top: { doc: number; unit: number; r: number }[] = [];
  input.relevance.unit.forEach((rel, doc) => {
    for (let unit = 0; unit < rel.length; unit++) {
      const r = rel[unit]!;
      if (top.length === 5 && r <= top[4]!.r) continue;
      top.push({ doc, unit, r });
      top.sort((a, b) => b.r - a.r || a.doc - b.doc || a.unit - b.unit);
      if (top.length > 5) top.pop();
    }
  });
  const result = { topRel: top[0]?.r ?? 0, topFive: top.map(({ doc, unit }) => ({ doc, unit })) };
  rankingCache.set(input.relevance, result);
  return result;
}
