/**
 * The hybrid baseline: BM25 over the leaves fused with dense similarity by reciprocal rank
 * fusion (Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and
 * individual Rank Learning Methods", SIGIR 2009; k = 60). The dense side is the offline word
 * vectors (`pecan vectors build`): a text is the IDF-weighted mean of its words' vectors,
 * compared by cosine, as Pecan's own fused relevance computes it. It runs only where vectors
 * exist (`--vectors`).
 */
import { idf as idfOf, type TermStats } from "../../internal.js";
import { stem } from "../../internal.js";
import { wordsOf, type WordVectors } from "../../internal.js";
import type { DocId } from "../../index.js";
import type { Corpus } from "./corpus.js";
import { stepTokens, type Method, type PreparedMethod, type Reading } from "./method.js";
import { fillBudget, UnitIndex, type RankUnit } from "./unit-index.js";

/** The k of reciprocal rank fusion. */
export const RRF_K = 60;

function idfWeight(stats: TermStats): (word: string) => number {
  return (word) => idfOf(stats.df.get(stem(word)) ?? 0, stats.count);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/**
 * Fuses rankings: each item scores the sum of 1 / (k + rank) over the rankings (rank from 1);
 * best first, ties by index.
 * @example reciprocalRankFusion([[2, 0, 1], [0, 2, 1]]) // [0, 2, 1]
 */
export function reciprocalRankFusion(rankings: readonly (readonly number[])[], k = RRF_K): number[] {
  const score = new Map<number, number>();
  for (const ranking of rankings) ranking.forEach((item, r) => score.set(item, (score.get(item) ?? 0) + 1 / (k + r + 1)));
  return [...score.keys()].sort((a, b) => (score.get(b) as number) - (score.get(a) as number) || a - b);
}

/** The hybrid method over word vectors. */
export function hybridMethod(vectors: WordVectors): Method {
  return {
    name: "hybrid",
    kind: "budget",
    description: "BM25 over the leaves fused (reciprocal rank fusion, k = 60) with word-vector cosine (IDF-weighted mean of GloVe vectors)",
    prepare(corpus: Corpus): Promise<PreparedMethod> {
      const units: RankUnit[] = corpus.documents.flatMap((d) =>
        corpus.leaves(d.docId).map((leaf) => ({ docId: d.docId, text: leaf.text, spans: leaf.spans, tokens: leaf.tokens })),
      );
      const index = new UnitIndex(units);
      const unitVectors = units.map((u) => vectors.embedText(wordsOf(u.text), idfWeight(index.statsOf([u.docId]))));
      return Promise.resolve({
        read(question, scope: readonly DocId[] | undefined, budgets): Promise<Reading[]> {
          const started = performance.now();
          const lexical = index.rank(question.question, scope);
          const q = vectors.embedText(wordsOf(question.question), idfWeight(index.statsOf(scope)));
          const sim = new Float64Array(units.length);
          const candidates = index.unitsOf(scope);
          for (const i of candidates) {
            const v = unitVectors[i];
            sim[i] = q && v ? dot(q, v) : 0;
          }
          const dense = [...candidates].sort((a, b) => (sim[b] as number) - (sim[a] as number) || a - b);
          const ranked = reciprocalRankFusion([lexical, dense]);
          const rankMs = performance.now() - started;
          return Promise.resolve(
            budgets.map((budget) => {
              const t0 = performance.now();
              const steps = fillBudget(ranked, (i) => (units[i] as RankUnit).tokens, budget).map((i) => {
                const u = units[i] as RankUnit;
                return { docId: u.docId, spans: u.spans, tokens: u.tokens };
              });
              return { steps, tokens: stepTokens(steps), ms: rankMs + performance.now() - t0, stop: "budget" };
            }),
          );
        },
      });
    },
  };
}
