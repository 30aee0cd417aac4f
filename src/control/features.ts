/**
 * Cheap features of "is the answer already in what was read?" for the model-free judge:
 * how relevant the best read unit is, whether the best unit overall was read, how much of the
 * question's (IDF-weighted) terms the read text and its best unit cover, whether the best
 * remaining unit is much weaker than what was read, whether text of the type the question
 * asks for (a number, a date, a name) appears in the best read units, and how much of the
 * walk's token cap is spent (near the cap, reading on can add little).
 */
import type { AnswerType } from "../retrieval/query.js";
import type { JudgeInput } from "./judge-spec.js";
import { analyzeQuestion, SPAN_TYPES } from "../answer/question.js";
import { candidatesOf, typeFit } from "../answer/candidates.js";

export { answerTypeOf } from "../retrieval/query.js";

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
  "falloff",
  "spanType",
  "candidate",
  "capShare",
  "recentGain",
  "staleTokens",
  "unreadVsRead",
  "candidateCovered",
  "clauseKind",
  "yesnoKind",
  "massRead",
  "specificCoverage",
  "viewCoverage",
  "viewSpecific",
  "viewPerCap",
  "rareHolders",
] as const;

/** The recent-gain feature looks this many steps back. */
const RECENT_STEPS = 3;

/** The candidate feature looks at this many of the most relevant read units. */
const CANDIDATE_UNITS = 3;

export type FeatureName = (typeof FEATURE_NAMES)[number];

const PATTERNS: Record<Exclude<AnswerType, "none">, RegExp> = {
  date: /\b(1[0-9]{3}|20[0-9]{2})\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b/i,
  number: /\d/,
  name: /\b[A-Z][a-z]+(?:\s+[A-Z][a-z.]+)+\b/,
};

/**
 * What the features of one question's consults share: the question's expected answer type, the
 * best candidate fit of each read text, and where the best unread unit by relevance was (the
 * walk only ever reads more, so it stays the best until it is read). A judge keeps one for the
 * question it is judging (`featureMemo`), so a walk of 40 steps over 90,000 units does not
 * analyse the question 40 times or scan every unit at every step.
 */
export interface FeatureMemo {
  query: JudgeInput["query"] | undefined;
  view: JudgeInput["view"] | undefined;
  relevance: JudgeInput["relevance"] | undefined;
  expected: ReturnType<typeof analyzeQuestion>["type"];
  /** The question's specific terms (names, numbers), analysed as the index analyses text. */
  specific: readonly string[];
  /** The sum of squared unit relevance over the view (computed once per question). */
  mass: number | undefined;
  /** What the view holds of the question at all (computed once per question, `viewOf`). */
  whole: ViewWhole | undefined;
  readonly fit: Map<string, number>;
  best: { doc: number; unit: number; rel: number } | undefined;
}

export function featureMemo(): FeatureMemo {
  return { query: undefined, view: undefined, relevance: undefined, expected: "clause", specific: [], mass: undefined, whole: undefined, fit: new Map(), best: undefined };
}

/** The memo for this input's question, cleared when the question, its view or its relevance changes. */
function memoFor(memo: FeatureMemo, input: JudgeInput): FeatureMemo {
  if (memo.query !== input.query || memo.view !== input.view || memo.relevance !== input.relevance) {
    memo.query = input.query;
    memo.view = input.view;
    memo.relevance = input.relevance;
    const analysis = analyzeQuestion(input.query.text);
    memo.expected = analysis.type;
    memo.specific = analysis.terms.filter((t) => t.specific).map((t) => t.term);
    memo.mass = undefined;
    memo.whole = undefined;
    memo.fit.clear();
    memo.best = undefined;
  }
  return memo;
}

/** The best relevance of a unit not read (0 when none is above 0), from the memo while its unit stays unread. */
function bestUnreadRelevance(input: JudgeInput, isRead: (doc: number, unit: number) => boolean, memo: FeatureMemo): number {
  if (memo.best !== undefined && !isRead(memo.best.doc, memo.best.unit)) return memo.best.rel;
  let best: { doc: number; unit: number; rel: number } | undefined;
  let bestUnread = 0;
  input.relevance.unit.forEach((rel, doc) => {
    for (let unit = 0; unit < rel.length; unit++) {
      if (rel[unit]! > bestUnread && !isRead(doc, unit)) {
        bestUnread = rel[unit]!;
        best = { doc, unit, rel: bestUnread };
      }
    }
  });
  memo.best = best;
  return bestUnread;
}

/** What the whole view holds of the question, whatever the walk reads. */
interface ViewWhole {
  /** IDF share of the question's terms that occur anywhere in the view. */
  coverage: number;
  /** Share of the question's names and numbers that occur anywhere in the view (1 when it has none). */
  specific: number;
  /** Tokens of the view's sentences. */
  tokens: number;
  /** Sentences holding the rarest question term the view has (0 when it has none). */
  rareHolders: number;
}

function viewOf(input: JudgeInput, memo: FeatureMemo): ViewWhole {
  const query = input.relevance.sentenceQuery;
  const dfOf = (term: string): number => {
    let df = 0;
    for (const d of input.view) df += d.sentenceStats.df.get(term) ?? 0;
    return df;
  };
  const totalIdf = query.idf.reduce((a, b) => a + b, 0) || 1;
  let covered = 0;
  let rare = { idf: -1, df: 0 };
  query.terms.forEach((term, i) => {
    const df = dfOf(term);
    if (df === 0) return;
    covered += query.idf[i]!;
    if (query.idf[i]! > rare.idf) rare = { idf: query.idf[i]!, df };
  });
  const specific = memo.specific.length > 0 ? memo.specific.filter((t) => dfOf(t) > 0).length / memo.specific.length : 1;
  let tokens = 0;
  for (const d of input.view) for (let u = 0; u < d.unitTokens.length; u++) if (d.unitLevel[u] === 0) tokens += d.unitTokens[u]!;
  return { coverage: covered / totalIdf, specific, tokens, rareHolders: rare.df };
}

/**
 * The `viewPerCap` feature: the log of the view's sentence tokens per token of the cap, over 5
 * (0: the cap reads as much as the view holds; 1: the view is e^5, about 150, caps long).
 */
export function viewPerCap(viewTokens: number, budget: number): number {
  return Math.log(Math.max(1, viewTokens) / Math.max(1, budget)) / 5;
}

/** Feature vector of a judge input, in the order of FEATURE_NAMES. */
export function judgeFeatures(input: JudgeInput, shared: FeatureMemo = featureMemo()): number[] {
  const memo = memoFor(shared, input);
  const query = input.relevance.sentenceQuery;
  const totalIdf = query.idf.reduce((a, b) => a + b, 0) || 1;
  let maxRead = 0;
  let bestCoverage = 0;
  let massRead = 0;
  const specificSeen = new Set<string>();
  const seen = new Set<string>();
  const scored: { rel: number; text: string; cov: number }[] = [];
  // Reading order: the IDF-weighted coverage before the last RECENT_STEPS steps, and the tokens
  // read when a unit last added a question term not read before.
  let coverageBefore = 0;
  let tokensAtGain = 0;
  let tokensSoFar = 0;
  let runningCoverage = 0;
  input.read.forEach((ref, index) => {
    const d = input.view[ref.doc]!;
    const rel = input.relevance.unit[ref.doc]![ref.unit]!;
    maxRead = Math.max(maxRead, rel);
    massRead += rel * rel;
    const tf = d.unitTf[ref.unit]!;
    for (const term of memo.specific) if (tf.has(term)) specificSeen.add(term);
    let cov = 0;
    let gained = 0;
    query.terms.forEach((term, i) => {
      if (tf.has(term)) {
        cov += query.idf[i]!;
        if (!seen.has(term)) gained += query.idf[i]!;
        seen.add(term);
      }
    });
    tokensSoFar += d.unitAt(ref.unit).tokens;
    if (index === input.read.length - RECENT_STEPS) coverageBefore = runningCoverage;
    runningCoverage += gained;
    if (gained > 0) tokensAtGain = tokensSoFar;
    bestCoverage = Math.max(bestCoverage, cov / totalIdf);
    scored.push({ rel, text: d.unitAt(ref.unit).text, cov: cov / totalIdf });
  });
  let coverage = 0;
  query.terms.forEach((term, i) => {
    if (seen.has(term)) coverage += query.idf[i]!;
  });
  const topRel = input.relevance.best;
  const topFive = input.relevance.top;
  const readSet = new Set<number>();
  const keyOf = (doc: number, unit: number): number => doc * 0x1000000 + unit;
  for (const r of input.read) readSet.add(keyOf(r.doc, r.unit));
  const isRead = (doc: number, unit: number): boolean => readSet.has(keyOf(doc, unit));
  const topFiveRead = topFive.filter((r) => isRead(r.doc, r.unit)).length / Math.max(1, topFive.length);
  const bestUnread = bestUnreadRelevance(input, isRead, memo);
  const type = input.query.answerType;
  scored.sort((a, b) => b.rel - a.rel);
  const answerType =
    type === "none" ? 0.5 : scored.slice(0, 3).some((s) => PATTERNS[type].test(s.text)) ? 1 : 0;
  // What the answer reader would see: a candidate of the expected type in a read unit that holds
  // the question's terms (the reader's type fit times the unit's share of the question).
  const expected = memo.expected;
  const spanType = SPAN_TYPES.has(expected);
  const fitOf = (text: string): number => {
    let fit = memo.fit.get(text);
    if (fit === undefined) {
      fit = 0;
      for (const c of candidatesOf(text)) fit = Math.max(fit, typeFit(expected, c.kind));
      memo.fit.set(text, fit);
    }
    return fit;
  };
  let candidate = 0;
  let candidateCovered = 0;
  if (spanType) {
    for (const s of scored.slice(0, CANDIDATE_UNITS)) candidate = Math.max(candidate, fitOf(s.text) * s.cov);
    // The same among the read units that hold the most of the question, whatever their rank.
    const byCoverage = [...scored].sort((a, b) => b.cov - a.cov || b.rel - a.rel);
    for (const s of byCoverage.slice(0, CANDIDATE_UNITS)) candidateCovered = Math.max(candidateCovered, fitOf(s.text) * s.cov);
  }
  const coverageNow = coverage / totalIdf;
  if (memo.mass === undefined) {
    let mass = 0;
    for (const rel of input.relevance.unit) for (let u = 0; u < rel.length; u++) mass += rel[u]! * rel[u]!;
    memo.mass = mass;
  }
  const whole = (memo.whole ??= viewOf(input, memo));
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
    // The best unread score against the best one before anything was read: the walk's view of
    // how much promising text is left (neighbour and bridge boosts can lift it above 1).
    topRel > 0 ? Math.min(2, input.bestUnreadScore / topRel) : 0,
    spanType ? 1 : 0,
    candidate,
    // The share of the cap spent: the judge estimates whether reading on to the cap would still
    // add evidence, and the closer the cap, the less it can.
    input.budget > 0 ? Math.min(1, input.tokensRead / input.budget) : 0,
    // Whether the last steps still found question terms not read before (0: the walk has
    // stopped finding the question), and the share of the cap read since a step last did.
    input.read.length > RECENT_STEPS ? coverageNow - coverageBefore / totalIdf : coverageNow,
    input.budget > 0 ? Math.min(1, Math.max(0, tokensSoFar - tokensAtGain) / input.budget) : 0,
    // The best unread unit's relevance against the best read one's: how far the rest has fallen.
    maxRead > 0 ? Math.min(2, bestUnread / maxRead) : 1,
    candidateCovered,
    expected === "clause" || expected === "definition" || expected === "list" ? 1 : 0,
    expected === "yesno" ? 1 : 0,
    // The share of the view's relevance (squared, so the strongest units dominate) already read.
    memo.mass > 0 ? Math.min(1, massRead / memo.mass) : 0,
    // The share of the question's names and numbers found in what was read (1 when it has none).
    memo.specific.length > 0 ? specificSeen.size / memo.specific.length : 1,
    // What the view holds of the question at all, and how large it is against the cap: a walk
    // over a view that lacks the question's terms, or many caps long, may reach no evidence.
    whole.coverage,
    whole.specific,
    viewPerCap(whole.tokens, input.budget),
    // How many sentences share the rarest question term the view has: one is found at once.
    Math.log1p(whole.rareHolders) / 5,
  ];
}
