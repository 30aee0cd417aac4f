/**
 * A TEST implementation of the `AttentionModel` interface (llm/spec.ts): no language model, no
 * attention. It stands in for one in tests and demos: each analysed term of the output spreads
 * one unit of "attention" over the spans in proportion to how often the term occurs in each;
 * output terms found nowhere are dropped (as attention sinks are); the result is averaged over
 * the output's terms and normalised. Deterministic. Its id is `test`, so edges say
 * `attention:test` and nobody mistakes them for a real model's attention.
 */
import { analyze } from "../core/analyze.js";
import { LLM_SPEC_VERSION, type AttentionModel, type AttentionRequest } from "../llm/spec.js";

/** Token-overlap stand-in for attention. Not a model: for tests only. */
export class TestAttentionModel implements AttentionModel {
  readonly specVersion = LLM_SPEC_VERSION;
  readonly id = "test";
  /** Every request, in order. */
  readonly calls: AttentionRequest[] = [];

  attention(request: AttentionRequest): Promise<{ readonly mass: readonly number[] }> {
    this.calls.push(request);
    const counts = request.spans.map((span) => {
      const tf = new Map<string, number>();
      for (const term of analyze(request.context.slice(span.start, span.end))) tf.set(term, (tf.get(term) ?? 0) + 1);
      return tf;
    });
    const mass = request.spans.map(() => 0);
    let attended = 0;
    for (const term of analyze(request.output)) {
      const occurrences = counts.map((tf) => tf.get(term) ?? 0);
      const total = occurrences.reduce((a, b) => a + b, 0);
      if (total === 0) continue;
      attended++;
      occurrences.forEach((c, i) => (mass[i] = (mass[i] ?? 0) + c / total));
    }
    const n = request.spans.length;
    return Promise.resolve({ mass: attended === 0 ? mass.map(() => 1 / n) : mass.map((m) => m / attended) });
  }
}
