/**
 * LexRank, the extractive, model-free summarizer. Source: G. Erkan and D. R. Radev, "LexRank:
 * Graph-based Lexical Centrality as Salience in Text Summarization", JAIR 22 (2004) 457-479,
 * section 3.2 (Algorithm 3, LexRank with threshold): sentences are nodes, an edge joins two
 * sentences whose idf-modified cosine exceeds a threshold, and a sentence's salience is its
 * stationary probability under a random walk with damping (power iteration). Central sentences
 * become IPs, skipping those too similar to one already chosen (a maximal-marginal-relevance
 * step), until the IPs fill a share of the window's tokens. Every IP quotes the document.
 */
import { emptyUsage } from "../core/types.js";
import { cosine, type SparseVector } from "./sparse-vector.js";
import { windowUnits, type SentenceUnit } from "./sentence-units.js";
import type { InformationPoint, SummarizeContext, Summarizer, SummaryResult, WindowInput } from "./summarizer.js";

/** The knobs of LexRank and of the IP selection. */
export interface LexRankOptions {
  /** Cosine above which two sentences are joined (the paper's best threshold was 0.1). */
  readonly threshold: number;
  /** Probability of following an edge rather than jumping anywhere (the paper's d = 0.85). */
  readonly damping: number;
  /** Power iteration stops when the L1 change of the scores falls below this. */
  readonly tolerance: number;
  readonly maxIterations: number;
  /** A candidate whose cosine to an already chosen IP exceeds this is skipped as redundant. */
  readonly redundancy: number;
  /** The IPs of a window fill about this share of the window's tokens. */
  readonly ipShare: number;
  /** Longer sentences are cut at word breaks into pieces of at most about this many tokens. */
  readonly maxIpTokens: number;
  /** A sentence under this many tokens merges with its neighbour. */
  readonly minSentenceTokens: number;
}

/** The paper's threshold and damping; IPs fill a fifth of the window. */
export const DEFAULT_LEXRANK: LexRankOptions = Object.freeze({
  threshold: 0.1,
  damping: 0.85,
  tolerance: 1e-10,
  maxIterations: 1000,
  redundancy: 0.5,
  ipShare: 0.2,
  maxIpTokens: 150,
  minSentenceTokens: 6,
});

/**
 * LexRank scores of sentences (sum 1): the stationary distribution of
 * `p = (1 - d) / n + d * Mᵀ p`, where `M` is the row-normalised thresholded cosine graph
 * (every sentence joined to itself, as cosine(x, x) = 1 in the paper). Power iteration.
 * @example lexRankScores(sentences.map((s) => terms.vector(s))) // Float64Array of n scores
 */
export function lexRankScores(
  sentVecs: readonly SparseVector[],
  options: Partial<Pick<LexRankOptions, "threshold" | "damping" | "tolerance" | "maxIterations">> = {},
): Float64Array {
  const { threshold, damping, tolerance, maxIterations } = { ...DEFAULT_LEXRANK, ...options };
  const n = sentVecs.length;
  // Thresholded graph as compressed rows; every sentence is joined to itself.
  // Row i's weights are scattered into a dense scratch array, so each cosine is one pass over
  // the other vector's terms.
  const lists: number[][] = sentVecs.map((_, i) => [i]);
  let maxId = 0;
  for (const v of sentVecs) if (v.ids.length > 0) maxId = Math.max(maxId, v.ids[v.ids.length - 1] as number);
  const dense = new Float64Array(maxId + 1);
  for (let i = 0; i < n; i++) {
    const a = sentVecs[i] as SparseVector;
    if (a.norm === 0) continue;
    for (let k = 0; k < a.ids.length; k++) dense[a.ids[k] as number] = a.weights[k] as number;
    for (let j = i + 1; j < n; j++) {
      const b = sentVecs[j] as SparseVector;
      if (b.norm === 0) continue;
      let d = 0;
      for (let k = 0; k < b.ids.length; k++) d += (dense[b.ids[k] as number] as number) * (b.weights[k] as number);
      if (d / (a.norm * b.norm) > threshold) {
        (lists[i] as number[]).push(j);
        (lists[j] as number[]).push(i);
      }
    }
    for (let k = 0; k < a.ids.length; k++) dense[a.ids[k] as number] = 0;
  }
  const offsets = new Uint32Array(n + 1);
  lists.forEach((list, i) => (offsets[i + 1] = (offsets[i] as number) + list.length));
  const targets = new Uint32Array(offsets[n] as number);
  lists.forEach((list, i) => targets.set(list, offsets[i] as number));
  // Start near the answer: without damping, a walk on an undirected graph rests in proportion
  // to degree. The fixed point does not depend on the start; the number of iterations does.
  let p = new Float64Array(n);
  const edgeEnds = offsets[n] as number;
  for (let i = 0; i < n; i++) p[i] = (1 - damping) / n + (damping * ((offsets[i + 1] as number) - (offsets[i] as number))) / edgeEnds;
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    next.fill((1 - damping) / n);
    for (let i = 0; i < n; i++) {
      const from = offsets[i] as number;
      const to = offsets[i + 1] as number;
      const share = (damping * (p[i] as number)) / (to - from);
      for (let k = from; k < to; k++) {
        const j = targets[k] as number;
        next[j] = (next[j] as number) + share;
      }
    }
    let change = 0;
    for (let i = 0; i < n; i++) change += Math.abs((next[i] as number) - (p[i] as number));
    [p, next] = [next, p];
    if (change < tolerance) break;
  }
  return p;
}

/** The extractive summarizer: LexRank-central, non-redundant sentences of the window. */
export class LexRankSummarizer implements Summarizer {
  readonly id = "lexrank";
  readonly options: LexRankOptions;

  constructor(options: Partial<LexRankOptions> = {}) {
    this.options = { ...DEFAULT_LEXRANK, ...options };
  }

  summarize(window: WindowInput, ctx: SummarizeContext): Promise<SummaryResult> {
    return Promise.resolve({ ips: this.select(window, ctx), usage: emptyUsage() });
  }

  /** The chosen IPs of a window, in document order. */
  select(window: WindowInput, ctx: SummarizeContext): InformationPoint[] {
    const o = this.options;
    const windowTokens = window.nodes.reduce((sum, node) => sum + node.tokens, 0);
    const budget = Math.max(1, Math.floor(windowTokens * o.ipShare));
    const units = windowUnits(window, { minTokens: o.minSentenceTokens, maxTokens: Math.max(1, Math.min(o.maxIpTokens, budget)) });
    const vectors = units.map((u) => ctx.terms.vector(u.text));
    const candidates = units.map((_, i) => i).filter((i) => (vectors[i] as SparseVector).norm > 0);
    let ranked: number[];
    if (candidates.length === 0) {
      ranked = units.map((_, i) => i);
    } else {
      const scores = lexRankScores(candidates.map((i) => vectors[i] as SparseVector), o);
      ranked = candidates
        .map((unit, k) => ({ unit, score: scores[k] as number }))
        .sort((a, b) => b.score - a.score || a.unit - b.unit)
        .map((c) => c.unit);
    }
    const chosen: number[] = [];
    let used = 0;
    for (const i of ranked) {
      if (used >= budget) break;
      const unit = units[i] as SentenceUnit;
      if (chosen.length > 0 && used + unit.tokens > budget) continue;
      const v = vectors[i] as SparseVector;
      if (chosen.some((c) => cosine(v, vectors[c] as SparseVector) > o.redundancy)) continue;
      chosen.push(i);
      used += unit.tokens;
    }
    return chosen
      .sort((a, b) => a - b)
      .map((i) => {
        const u = units[i] as SentenceUnit;
        return { text: u.text, spans: u.spans, sources: [u.node] };
      });
  }
}
