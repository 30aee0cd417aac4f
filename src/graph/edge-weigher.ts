/**
 * The EdgeWeigher interface (PECAN.md section 1.4): every IP gets a weight for every input node
 * of its window, non-negative and summing to 1 over the window.
 */
import type { DocumentTerms } from "./document-terms.js";
import type { InformationPoint, WindowNode } from "./summarizer.js";

/** Per-window context the level builder hands to a weigher. */
export interface WeighContext {
  /** The document's whole text: every span indexes it. */
  readonly docText: string;
  /** The document's term statistics. */
  readonly terms: DocumentTerms;
  /** Level of the window's nodes. */
  readonly level: number;
  readonly signal?: AbortSignal;
}

/** Weighs the edges from one IP to the nodes of its window. */
export interface EdgeWeigher {
  /** Recorded as the edges' `madeBy`: `alignment`, `attribution`, `attention:<model id>`. */
  readonly id: string;
  /** One weight per window node, in window order: non-negative, summing to 1. */
  weigh(ip: InformationPoint, windowNodes: readonly WindowNode[], ctx: WeighContext): Promise<number[]>;
}

/**
 * Weights made non-negative and summing to 1: negative, NaN and infinite entries count as 0;
 * uniform when nothing is left.
 * @example normalizeWeights([2, NaN, 2]) // [0.5, 0, 0.5]
 */
export function normalizeWeights(raw: readonly number[]): number[] {
  const clean = raw.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const sum = clean.reduce((a, b) => a + b, 0);
  if (!(sum > 0) || !Number.isFinite(sum)) return raw.map(() => 1 / raw.length);
  return clean.map((w) => w / sum);
}
