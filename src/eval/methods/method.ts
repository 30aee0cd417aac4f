/**
 * The contract every evaluated method meets: prepared once over a corpus (the documents of a
 * set), it reads for a question at several token budgets and says, per reading, which verbatim
 * document ranges it read, in order, and what each step cost in context tokens (o200k).
 */
import type { DocId, Span } from "../../index.js";
import type { EvalQuestion } from "../dataset.js";
import type { Corpus } from "./corpus.js";

/** One step of a reading: the ranges of one document it read and its context tokens. */
export interface ReadingStep {
  readonly docId: DocId;
  readonly spans: readonly Span[];
  readonly tokens: number;
}

/** What a method read for one question at one budget. */
export interface Reading {
  readonly steps: readonly ReadingStep[];
  /** Context tokens read in all. */
  readonly tokens: number;
  readonly ms: number;
  /** Why the reading stopped, when the method says (`sufficient`, `budget`, ...). */
  readonly stop?: string;
  /** The method's answer, when it writes one. */
  readonly answer?: string;
}

/**
 * How a method uses the budget: `budget` reads up to it; `adaptive` treats it as a cap and may
 * stop early; `whole` ignores it (the full document).
 */
export type MethodKind = "budget" | "adaptive" | "whole";

/** A method ready to read. */
export interface PreparedMethod {
  /**
   * Readings for a question, one per budget (same order). `scope` limits reading to those
   * documents (the per-document setting); undefined means the whole corpus.
   */
  read(question: EvalQuestion, scope: readonly DocId[] | undefined, budgets: readonly number[]): Promise<Reading[]>;
  close?(): void;
}

export interface Method {
  readonly name: string;
  readonly kind: MethodKind;
  /** One line for the results page. */
  readonly description: string;
  /**
   * True when the method writes answers with a chat model: questions retrieval cannot score
   * (multiple choice, free form) are then still asked, for answer quality.
   */
  readonly answers?: boolean;
  prepare(corpus: Corpus, onProgress?: (label: string) => void): Promise<PreparedMethod>;
}

/** Sums the tokens of some steps. */
export function stepTokens(steps: readonly ReadingStep[]): number {
  return steps.reduce((sum, s) => sum + s.tokens, 0);
}
