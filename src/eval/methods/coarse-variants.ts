/**
 * Coarse-stage variants for the collection setting, each Pecan's walk filled to the budget
 * (`pecan-fill`) with another choice of documents:
 * - `pecan-exhaustive`: every document opened (no coarse stage): the reference of HISA's
 *   fidelity check (fidelity.ts);
 * - `pecan-dhsa`: documents chosen by DHSA's block pooling (Dynamic Hierarchical Sparse
 *   Attention: a chunk is represented by the mean of its tokens times the square root of its
 *   length): a document's score is the mean BM25 of its leaves times sqrt(number of leaves),
 *   opened as the engine's coarse stage opens them (at most `maxDocs`, each at least `ratio` of
 *   the best). The engine's own coarse stage pools a document by its best two leaves and title.
 * In the per-document setting both equal `pecan-fill` (the scope is the question's document).
 */
import { analyze, type DocId } from "../../index.js";
import { bm25, DEFAULT_BM25, DEFAULT_COARSE, weightQuery } from "../../internal.js";
import type { EvalQuestion } from "../dataset.js";
import type { Corpus } from "./corpus.js";
import type { Method } from "./method.js";
import { pecanMethod, type PecanMethodOptions } from "./pecan.js";
import { leafIndexOf, type RankUnit, type UnitIndex } from "./unit-index.js";

/** Mean × sqrt(length) pooling of per-leaf scores into one score per document. */
export function dhsaScores(leafScores: ReadonlyMap<DocId, readonly number[]>): Map<DocId, number> {
  const out = new Map<DocId, number>();
  for (const [doc, scores] of leafScores) {
    const n = scores.length;
    out.set(doc, n === 0 ? 0 : (scores.reduce((a, b) => a + b, 0) / n) * Math.sqrt(n));
  }
  return out;
}

/** The documents to open, best first, by the engine's rule (at most `maxDocs`, at least `ratio` of the best, score > 0). */
export function openBest(scores: ReadonlyMap<DocId, number>, options: Pick<typeof DEFAULT_COARSE, "maxDocs" | "ratio"> = DEFAULT_COARSE): DocId[] {
  const ranked = [...scores.entries()].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = ranked[0]?.[1] ?? 0;
  return ranked.filter(([, s]) => s >= options.ratio * top).slice(0, options.maxDocs).map(([d]) => d);
}

function leafIndex(corpus: Corpus): UnitIndex<RankUnit> {
  return corpus.memo("coarse-variants-leaves", () => leafIndexOf(corpus));
}

/** DHSA-pooled choice of documents for a collection question. */
export function dhsaPick(question: EvalQuestion, scope: readonly DocId[] | undefined, corpus: Corpus): readonly DocId[] | undefined {
  if (scope !== undefined) return scope;
  const index = leafIndex(corpus);
  const stats = index.statsOf(undefined);
  const query = weightQuery(analyze(question.question), stats);
  const avg = stats.count > 0 ? stats.totalLength / stats.count : 1;
  const perDoc = new Map<DocId, number[]>(corpus.documents.map((d) => [d.docId, []]));
  index.units.forEach((u, g) => perDoc.get(u.docId)!.push(bm25(query, index.termsOf(g), index.lengthOf(g), avg, DEFAULT_BM25)));
  const open = openBest(dhsaScores(perDoc));
  // A question no leaf matches opens every document, as an exhaustive walk would.
  return open.length > 0 ? open : corpus.documents.map((d) => d.docId);
}

export function pecanExhaustive(options: PecanMethodOptions = {}): Method {
  return pecanMethod("pecan-exhaustive", true, "pecan-fill over every document of the scope (no coarse stage): the reference of the coarse-stage fidelity check", options, undefined, (_q, scope, corpus) => scope ?? corpus.documents.map((d) => d.docId));
}

export function pecanDhsa(options: PecanMethodOptions = {}): Method {
  return pecanMethod("pecan-dhsa", true, "pecan-fill with DHSA's coarse stage: documents by mean × sqrt(length) pooling of their leaves' BM25", options, undefined, dhsaPick);
}
