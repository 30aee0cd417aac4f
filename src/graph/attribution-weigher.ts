/**
 * The attribution edge weigher, for the LLM tier (PECAN.md section 3): the passages an IP cites
 * (its `sources`, from the passage numbers the model wrote) share the attribution weight
 * equally; that is blended with alignment (default 0.7 attribution, 0.3 alignment). Where the
 * IP cited nothing usable (no numbers, or only out-of-range ones) the weights are alignment's.
 */
import { AlignmentWeigher, type AlignmentOptions } from "./alignment-weigher.js";
import { normalizeWeights, type EdgeWeigher, type WeighContext } from "./edge-weigher.js";
import type { InformationPoint, WindowNode } from "./summarizer.js";

/** Options of the attribution weigher. */
export interface AttributionOptions {
  /** Weight of the cited passages in the blend; the rest is alignment. */
  readonly attributionShare: number;
  /** Options of the alignment part. */
  readonly alignment: Partial<AlignmentOptions>;
}

/** 0.7 attribution, 0.3 alignment. */
export const DEFAULT_ATTRIBUTION: AttributionOptions = Object.freeze({ attributionShare: 0.7, alignment: {} });

/** Cited passages blended with alignment. */
export class AttributionWeigher implements EdgeWeigher {
  readonly id = "attribution";
  readonly options: AttributionOptions;
  private readonly alignment: AlignmentWeigher;

  constructor(options: Partial<AttributionOptions> = {}) {
    this.options = { ...DEFAULT_ATTRIBUTION, ...options };
    this.alignment = new AlignmentWeigher(this.options.alignment);
  }

  weigh(ip: InformationPoint, windowNodes: readonly WindowNode[], ctx: WeighContext): Promise<number[]> {
    const n = windowNodes.length;
    const aligned = this.alignment.weights(ip, windowNodes, ctx);
    const cited = new Set((ip.sources ?? []).filter((s) => Number.isInteger(s) && s >= 0 && s < n));
    if (cited.size === 0) return Promise.resolve(aligned);
    const share = Math.min(1, Math.max(0, this.options.attributionShare));
    const blended = aligned.map((a, i) => share * (cited.has(i) ? 1 / cited.size : 0) + (1 - share) * a);
    return Promise.resolve(normalizeWeights(blended));
  }
}
