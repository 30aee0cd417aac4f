/** The Reader signal: turns what the walk read into an answer with citations. */
import type { ReadingUnit } from "../retrieval/units.js";
import type { Citation } from "./citations.js";

export interface ReaderItem {
  readonly unit: ReadingUnit;
  /** Direct relevance of the unit to the question, in [0, 1]. */
  readonly relevance: number;
  /** The document's title, for context labels. */
  readonly title: string;
}

export interface ReaderInput {
  readonly question: string;
  /** What the walk read, in reading order. */
  readonly items: readonly ReaderItem[];
  /** Inverse document frequency of an analysed term in the documents asked (rarer terms tell more). */
  readonly termIdf?: (term: string) => number;
  readonly signal?: AbortSignal;
  /** Receives the answer text as it is produced (streaming readers). */
  readonly onDelta?: (text: string) => void;
}

export interface ReaderOutput {
  readonly answer: string;
  /** Only ranges of units that were read. */
  readonly citations: readonly Citation[];
  /** False when the reader finds that what was read does not hold the answer. */
  readonly found?: boolean;
  /**
   * Calibrated: the extractive reader's is the probability that the answer it chose is right
   * (abstain.ts, rightProbability); for other readers the engine gives the probability that
   * what was read holds an answer.
   */
  readonly confidence?: number;
  /** With `found: false`, the answer the reader would have given (for evaluation). */
  readonly candidate?: string;
}

export interface Reader {
  readonly id: string;
  read(input: ReaderInput): Promise<ReaderOutput>;
}
