/**
 * The alignment edge weigher, the model-free default (PECAN.md section 3): a softmax over the
 * window's nodes of similarity(IP, node) / temperature. Similarity is the larger of the tf-idf
 * cosine (document idf) and the containment of the IP in the node: the share of the IP's quoted
 * characters inside the node's ranges, or 1 when the node's text contains the IP's text. So an
 * extractive IP puts nearly all its weight on the node it quotes.
 */
import type { Span } from "../core/types.js";
import { normalizeWeights, type EdgeWeigher, type WeighContext } from "./edge-weigher.js";
import { cosine, type SparseVector } from "./sparse-vector.js";
import type { InformationPoint, WindowNode } from "./summarizer.js";
import { maxOf } from "../core/arrays.js";

/** Options of the alignment weigher. */
export interface AlignmentOptions {
  /** Softmax temperature: lower concentrates the weight on the most similar nodes. */
  readonly temperature: number;
}

/** Temperature 0.1: an extractive IP puts nearly all its weight on the node it quotes. */
export const DEFAULT_ALIGNMENT: AlignmentOptions = Object.freeze({ temperature: 0.1 });

/** Softmax of similarity / temperature over the window's nodes. */
export class AlignmentWeigher implements EdgeWeigher {
  readonly id = "alignment";
  readonly options: AlignmentOptions;

  constructor(options: Partial<AlignmentOptions> = {}) {
    this.options = { ...DEFAULT_ALIGNMENT, ...options };
  }

  weigh(ip: InformationPoint, windowNodes: readonly WindowNode[], ctx: WeighContext): Promise<number[]> {
    return Promise.resolve(this.weights(ip, windowNodes, ctx));
  }

  /** The weights, synchronously. */
  weights(ip: InformationPoint, windowNodes: readonly WindowNode[], ctx: WeighContext): number[] {
    const t = Math.max(this.options.temperature, 1e-6);
    const ipVector = ctx.terms.vector(ip.text);
    const sims = windowNodes.map((node) => alignmentSimilarity(ip, node, ctx, ipVector));
    const top = maxOf(sims.map((s) => (Number.isFinite(s) ? s : 0)));
    return normalizeWeights(sims.map((s) => Math.exp(((Number.isFinite(s) ? s : 0) - top) / t)));
  }
}

/**
 * Similarity in [0, 1] of an IP and a window node: max(tf-idf cosine, containment).
 * @example alignmentSimilarity({ text: "Acme grew.", spans: [{ start: 10, end: 20 }] }, leaf, ctx) // 1 when the leaf holds 10..20
 */
export function alignmentSimilarity(
  ip: InformationPoint,
  node: WindowNode,
  ctx: WeighContext,
  ipVector: SparseVector = ctx.terms.vector(ip.text),
): number {
  let containment = 0;
  if (ip.spans.length > 0) {
    const total = ip.spans.reduce((sum, s) => sum + Math.max(0, s.end - s.start), 0);
    if (total > 0) containment = overlap(ip.spans, node.spans) / total;
  } else if (ip.text.length > 0 && node.text.includes(ip.text)) {
    containment = 1;
  }
  if (containment >= 1) return 1;
  return Math.max(containment, cosine(ipVector, ctx.terms.vector(node.text)));
}

/** Characters of `a` inside `b` (ranges of one list do not overlap each other). */
function overlap(a: readonly Span[], b: readonly Span[]): number {
  let sum = 0;
  for (const x of a) for (const y of b) sum += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return sum;
}
