/**
 * The OpenAI-compatible `/embeddings` endpoint (platform.openai.com/docs/api-reference/embeddings):
 * texts in batches, vectors as floats or base64, usage from the server or counted locally.
 */
import { countTextTokens } from "./count-tokens.js";
import type { HttpTransport } from "./http-transport.js";
import { EmbeddingsSchema, vectorOf } from "./openai-wire.js";
import { malformedResponse, parseJsonOrFail } from "./provider-errors.js";
import { LLM_SPEC_VERSION, type EmbedRequest, type EmbedResponse, type Embedder } from "./spec.js";

/** Embeddings over `/embeddings`, in batches sharing the provider's connection limit. */
export class OpenAIEmbedder implements Embedder {
  readonly specVersion = LLM_SPEC_VERSION;
  readonly id: string;
  private dims: number | undefined;

  constructor(
    private readonly transport: HttpTransport,
    private readonly model: string,
    id: string,
    private readonly batchSize: number,
  ) {
    this.id = id;
  }

  /** Known after the first call. */
  get dimensions(): number | undefined {
    return this.dims;
  }

  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    if (request.texts.length === 0) return { vectors: [], usage: { inputTokens: 0, outputTokens: 0 } };
    const ctx = this.transport.context("/embeddings", this.model);
    const batches: string[][] = [];
    for (let i = 0; i < request.texts.length; i += this.batchSize) batches.push(request.texts.slice(i, i + this.batchSize));
    const results = await Promise.all(
      batches.map((batch) => {
        const parse = (text: string): { vectors: Float32Array[]; tokens: number } => {
          const parsed = EmbeddingsSchema.safeParse(parseJsonOrFail(text, ctx));
          if (!parsed.success || parsed.data.data.length !== batch.length) {
            throw malformedResponse(ctx, parsed.success ? `${parsed.data.data.length} vectors for ${batch.length} texts` : "JSON without data");
          }
          const rows = parsed.data.data.map((row, position) => ({ index: row.index ?? position, vector: vectorOf(row.embedding) }));
          rows.sort((a, b) => a.index - b.index);
          const tokens = parsed.data.usage?.prompt_tokens ?? batch.reduce((n, t) => n + countTextTokens(t), 0);
          return { vectors: rows.map((r) => r.vector), tokens };
        };
        const body = { model: this.model, input: batch, encoding_format: "float" };
        return this.transport.json("/embeddings", body, this.model, parse, request.signal);
      }),
    );
    const vectors = results.flatMap((r) => r.vectors);
    if (vectors[0] !== undefined) this.dims = vectors[0].length;
    return { vectors, usage: { inputTokens: results.reduce((n, r) => n + r.tokens, 0), outputTokens: 0 } };
  }
}
