/**
 * The retrieval baselines over the engine's leaves, all with the same BM25 and token counts:
 * - `bm25-chunks`: BM25 over leaves, read best first until the budget (the usual RAG);
 * - `bm25-sentences`: BM25 over the leaves' sentences, split as Pecan's reading units are;
 * - `dos-rag`: the `bm25-chunks` selection reread in document order (Laitenberger et al. 2025,
 *   "Stronger Baselines for Retrieval-Augmented Generation with Long-Context Language Models":
 *   DOS RAG). It reads the same text as `bm25-chunks`, so only its tokens-to-evidence differ;
 * - `full`: the whole document, every leaf in order, whatever the budget.
 */
import type { DocId } from "../../index.js";
import type { EvalQuestion } from "../dataset.js";
import type { Corpus } from "./corpus.js";
import { stepTokens, type Method, type PreparedMethod, type Reading, type ReadingStep } from "./method.js";
import { fillBudget, UnitIndex, type RankUnit } from "./unit-index.js";

function toStep(u: RankUnit): ReadingStep {
  return { docId: u.docId, spans: u.spans, tokens: u.tokens };
}

/** Ranks once per question, then fills each budget from the same ranking. */
function rankedMethod(
  name: string,
  description: string,
  unitsOf: (corpus: Corpus, docId: DocId) => readonly RankUnit[],
  inDocumentOrder = false,
): Method {
  return {
    name,
    kind: "budget",
    description,
    prepare(corpus: Corpus): Promise<PreparedMethod> {
      const index = new UnitIndex(corpus.documents.flatMap((d) => unitsOf(corpus, d.docId)));
      return Promise.resolve({
        read(question: EvalQuestion, scope: readonly DocId[] | undefined, budgets: readonly number[]): Promise<Reading[]> {
          const started = performance.now();
          const ranked = index.rank(question.question, scope);
          const rankMs = performance.now() - started;
          return Promise.resolve(
            budgets.map((budget) => {
              const t0 = performance.now();
              const taken = fillBudget(ranked, (i) => (index.units[i] as RankUnit).tokens, budget);
              if (inDocumentOrder) taken.sort((a, b) => a - b);
              const steps = taken.map((i) => toStep(index.units[i] as RankUnit));
              return { steps, tokens: stepTokens(steps), ms: rankMs + performance.now() - t0, stop: "budget" };
            }),
          );
        },
      });
    },
  };
}

export const bm25Chunks: Method = rankedMethod(
  "bm25-chunks",
  "BM25 over the leaves (~300 tokens), best first; a leaf that does not fit is skipped",
  (corpus, docId) => corpus.leaves(docId).map((leaf) => ({ docId, text: leaf.text, spans: leaf.spans, tokens: leaf.tokens })),
);

export const bm25Sentences: Method = rankedMethod(
  "bm25-sentences",
  "BM25 over the leaves' sentences (Pecan's reading units), best first",
  (corpus, docId) => corpus.sentences(docId),
);

export const dosRag: Method = rankedMethod(
  "dos-rag",
  "the bm25-chunks selection read in document order (DOS RAG)",
  (corpus, docId) => corpus.leaves(docId).map((leaf) => ({ docId, text: leaf.text, spans: leaf.spans, tokens: leaf.tokens })),
  true,
);

export const fullDocument: Method = {
  name: "full",
  kind: "whole",
  description: "the whole document (the question's own), every leaf in order",
  prepare(corpus: Corpus): Promise<PreparedMethod> {
    return Promise.resolve({
      read(question: EvalQuestion, _scope: readonly DocId[] | undefined, budgets: readonly number[]): Promise<Reading[]> {
        const started = performance.now();
        const steps = corpus.leaves(question.docId).map((leaf) => ({ docId: question.docId, spans: leaf.spans, tokens: leaf.tokens }));
        const reading: Reading = { steps, tokens: stepTokens(steps), ms: performance.now() - started, stop: "exhausted" };
        return Promise.resolve(budgets.map(() => reading));
      },
    });
  },
};
