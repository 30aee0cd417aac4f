/**
 * `rm3`: BM25 over the leaves with RM3 pseudo-relevance feedback (Lavrenko & Croft 2001,
 * "Relevance-Based Language Models"; RM3 as in Abdul-Jaleel et al. 2004 and Anserini's
 * defaults): rank once, take the `docs` best leaves as if relevant, estimate a relevance model
 * P(w | R) ∝ Σ_d P(w | d) · score(d), keep its `terms` heaviest terms, mix them with the
 * question's own terms (weight `original` for the question), rank again with the expanded
 * query, and fill the budget best first as bm25-chunks does. The strongest lexical method a
 * user could pick without a model.
 */
import type { DocId } from "../../index.js";
import { analyze } from "../../index.js";
import { DEFAULT_BM25, bm25, weightQuery, type WeightedQuery } from "../../internal.js";
import type { EvalQuestion } from "../dataset.js";
import type { Corpus } from "./corpus.js";
import { stepTokens, type Method, type PreparedMethod, type Reading } from "./method.js";
import type { UnitIndex} from "./unit-index.js";
import { fillBudget, leafIndexOf, type RankUnit } from "./unit-index.js";

/** Anserini's RM3 defaults: 10 feedback documents, 10 terms, original query weight 0.5. */
export const DEFAULT_RM3 = { docs: 10, terms: 10, original: 0.5 };

/** The expanded query: question terms and feedback terms, each IDF scaled by its mixed weight. */
export function expandQuery(index: UnitIndex<RankUnit>, question: string, scope: readonly DocId[] | undefined, options = DEFAULT_RM3): WeightedQuery {
  const stats = index.statsOf(scope);
  const terms = analyze(question);
  const first = index.rank(question, scope).slice(0, options.docs);
  const base = weightQuery(terms, stats);
  const avg = stats.count > 0 ? stats.totalLength / stats.count : 1;
  const scores = first.map((i) => bm25(base, index.termsOf(i), index.lengthOf(i), avg, DEFAULT_BM25));
  const total = scores.reduce((a, b) => a + b, 0);
  const model = new Map<string, number>();
  if (total > 0) {
    first.forEach((i, k) => {
      const length = Math.max(1, index.lengthOf(i));
      for (const [term, tf] of index.termsOf(i)) model.set(term, (model.get(term) ?? 0) + (tf / length) * (scores[k]! / total));
    });
  }
  const feedback = [...model.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, options.terms);
  const feedbackMass = feedback.reduce((n, [, w]) => n + w, 0) || 1;
  const mixed = new Map<string, number>();
  for (const t of terms) mixed.set(t, (mixed.get(t) ?? 0) + options.original / terms.length);
  for (const [t, w] of feedback) mixed.set(t, (mixed.get(t) ?? 0) + (1 - options.original) * (w / feedbackMass));
  const expanded = weightQuery([...mixed.keys()], stats);
  const idf = Float64Array.from(expanded.terms, (t, i) => expanded.idf[i]! * mixed.get(t)!);
  return { terms: expanded.terms, idf };
}

export const rm3: Method = {
  name: "rm3",
  kind: "budget",
  description: "BM25 over the leaves with RM3 pseudo-relevance feedback (10 leaves, 10 terms, question weight 0.5), best first",
  prepare(corpus: Corpus): Promise<PreparedMethod> {
    const index = leafIndexOf(corpus);
    return Promise.resolve({
      read(question: EvalQuestion, scope: readonly DocId[] | undefined, budgets: readonly number[]): Promise<Reading[]> {
        const started = performance.now();
        const ranked = index.rankQuery(expandQuery(index, question.question, scope), scope);
        const rankMs = performance.now() - started;
        return Promise.resolve(
          budgets.map((budget) => {
            const taken = fillBudget(ranked, (i) => index.units[i]!.tokens, budget);
            const steps = taken.map((i) => ({ docId: index.units[i]!.docId, spans: index.units[i]!.spans, tokens: index.units[i]!.tokens }));
            return { steps, tokens: stepTokens(steps), ms: rankMs, stop: "budget" };
          }),
        );
      },
    });
  },
};
