/**
 * The attention edge weigher (PECAN.md section 3; PECAN paper, Wang et al. 2025, section 3.2:
 * edge weights are the attention an IP's tokens paid to each input while it was generated,
 * averaged over layers and heads, attention sinks removed). The measuring is the
 * `AttentionModel`'s job (llm/spec.ts); this weigher lays the window out as one context with a
 * span per node and normalises the mass it gets back.
 */
import { ProviderError } from "../core/errors.js";
import type { AttentionModel, AttentionSpan } from "../llm/spec.js";
import { normalizeWeights, type EdgeWeigher, type WeighContext } from "./edge-weigher.js";
import type { InformationPoint, WindowNode } from "./summarizer.js";

/** Separator between the window's nodes in the context the model reads. */
const SEPARATOR = "\n\n";

/** Attention mass from the IP's tokens to each node's span, normalised. */
export class AttentionWeigher implements EdgeWeigher {
  readonly id: string;
  private readonly model: AttentionModel;

  /** @example new AttentionWeigher(new TestAttentionModel()).id // "attention:test" */
  constructor(model: AttentionModel) {
    this.model = model;
    this.id = `attention:${model.id}`;
  }

  async weigh(ip: InformationPoint, windowNodes: readonly WindowNode[], ctx: WeighContext): Promise<number[]> {
    const spans: AttentionSpan[] = [];
    let context = "";
    for (const node of windowNodes) {
      if (context.length > 0) context += SEPARATOR;
      spans.push({ start: context.length, end: context.length + node.text.length });
      context += node.text;
    }
    const { mass } = await this.model.attention({ context, spans, output: ip.text, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    if (mass.length !== windowNodes.length) {
      throw new ProviderError(`attention model ${this.model.id} returned ${mass.length} masses for ${windowNodes.length} spans`, {
        isRetryable: false,
      });
    }
    return normalizeWeights(mass);
  }
}
