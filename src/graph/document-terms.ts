/**
 * Term statistics of one document for tf-idf vectors: a vocabulary of `core/analyze` terms and
 * each term's document frequency over the document's own sentences, as in the idf-modified
 * cosine of Erkan & Radev 2004 ("LexRank", JAIR 22, section 3). Computed once per document and
 * shared by the summarizer and the edge weigher of every window; vectors are cached by text.
 */
import { analyze } from "../core/analyze.js";
import { splitSentences } from "../ingest/sentences.js";
import type { Span } from "../core/types.js";
import { sparseVector, type SparseVector } from "./sparse-vector.js";

/** Term statistics and a vector cache for one document. Deterministic for a given text. */
export class DocumentTerms {
  /** Number of sentences the document frequencies were counted over. */
  readonly sentences: number;
  private readonly vocabulary = new Map<string, number>();
  private readonly df: number[] = [];
  private readonly cache = new Map<string, SparseVector>();
  private readonly analyze: (text: string) => readonly string[];

  private constructor(sentences: readonly string[], analyzeText: (text: string) => readonly string[]) {
    this.analyze = analyzeText;
    this.sentences = sentences.length;
    const counted: Map<number, number>[] = [];
    for (const sentence of sentences) {
      const counts = new Map<number, number>();
      for (const term of analyzeText(sentence)) {
        const id = this.termId(term);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const id of counts.keys()) this.df[id] = (this.df[id] ?? 0) + 1;
      counted.push(counts);
    }
    // The sentences' vectors are needed by every window: make them now, from the counts at hand.
    sentences.forEach((sentence, i) => {
      if (!this.cache.has(sentence)) this.cache.set(sentence, this.weigh(counted[i] as Map<number, number>));
    });
  }

  /**
   * Statistics of a document's text, counted over its sentences. `analyzeText` is `analyze`
   * or a memo of it (`analysisMemo`), shared with the rest of the document's build; `sentences`
   * are `splitSentences(text)`, when the caller has them already.
   * @example DocumentTerms.fromText(doc.text).vector("Acme was founded in 1999.")
   */
  static fromText(
    text: string,
    analyzeText: (text: string) => readonly string[] = analyze,
    sentences: readonly Span[] = splitSentences(text),
  ): DocumentTerms {
    return new DocumentTerms(
      sentences.map((s) => text.slice(s.start, s.end)),
      analyzeText,
    );
  }

  /** Statistics from pre-split sentence texts (tests, collections of snippets). */
  static fromSentences(sentences: readonly string[]): DocumentTerms {
    return new DocumentTerms(sentences, analyze);
  }

  /** Number of distinct terms seen (in the document and in texts vectorised since). */
  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /** The id of a term; terms never seen in the document get a fresh id with frequency 0. */
  termId(term: string): number {
    let id = this.vocabulary.get(term);
    if (id === undefined) {
      id = this.vocabulary.size;
      this.vocabulary.set(term, id);
      this.df[id] = 0;
    }
    return id;
  }

  /** Smoothed inverse sentence frequency `ln((N + 1) / (df + 1)) + 1`: positive, highest for unseen terms. */
  idf(termId: number): number {
    return Math.log((this.sentences + 1) / ((this.df[termId] ?? 0) + 1)) + 1;
  }

  /** The tf-idf vector of a text (raw term counts times idf), cached by text. */
  vector(text: string): SparseVector {
    const hit = this.cache.get(text);
    if (hit !== undefined) return hit;
    const counts = new Map<number, number>();
    for (const term of this.analyze(text)) {
      const id = this.termId(term);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const vector = this.weigh(counts);
    this.cache.set(text, vector);
    return vector;
  }

  /** Term counts to a tf-idf vector (the map is reused). */
  private weigh(counts: Map<number, number>): SparseVector {
    for (const [id, tf] of counts) counts.set(id, tf * this.idf(id));
    return sparseVector(counts);
  }
}
