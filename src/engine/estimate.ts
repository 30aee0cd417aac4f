/**
 * What an LLM-backed ingest would take, before anything is sent (PECAN.md §4): leaves are built
 * for every document, and the summarizer's calls and tokens are counted level by level.
 */
import type { LoadedDocument } from "../core/types.js";
import type { LoadEvent } from "../ingest/index.js";
import { buildLeaves, type ChunkOptions } from "../ingest/chunk.js";
import { countTokens } from "../ingest/tokens.js";
import type { LevelOptions } from "../graph/levels.js";
import { DEFAULT_LLM_SUMMARIZER, estimateBuildCost, summarizerPromptTokens, type BuildEstimate } from "../graph/index.js";

/** What an LLM-backed ingest would take, before it starts. */
export interface IngestEstimate extends BuildEstimate {
  readonly documents: number;
  readonly leafTokens: number;
  /** One line for people. */
  readonly summary: string;
}

/**
 * The calls and tokens of building these documents' graphs with an LLM summarizer named `who`.
 * @example await estimateIngest(loadPaths(["a.pdf"]), {}, {}, "openai:gpt-4o-mini")
 */
export async function estimateIngest(
  docs: AsyncIterable<LoadEvent | LoadedDocument>,
  chunk: Partial<ChunkOptions>,
  levels: Partial<LevelOptions>,
  who: string,
): Promise<IngestEstimate> {
  const total = { calls: 0, inputTokens: 0, outputTokens: 0, levels: [] as BuildEstimate["levels"] };
  let documents = 0;
  let leafTokens = 0;
  const model = { promptTokens: summarizerPromptTokens(countTokens), outputShare: DEFAULT_LLM_SUMMARIZER.ipShare };
  for await (const item of docs) {
    const doc = "kind" in item ? (item.kind === "document" ? item.doc : undefined) : item;
    if (!doc) continue;
    const leaves = buildLeaves(doc, chunk);
    const estimate = estimateBuildCost(leaves, levels, model);
    documents++;
    leafTokens += leaves.reduce((n, l) => n + l.tokens, 0);
    total.calls += estimate.calls;
    total.inputTokens += estimate.inputTokens;
    total.outputTokens += estimate.outputTokens;
    if (documents === 1) total.levels = estimate.levels;
  }
  return {
    ...total,
    documents,
    leafTokens,
    summary: `${documents} document(s), ${leafTokens} tokens of leaves: about ${total.calls} calls to ${who}, ${total.inputTokens} tokens in and ${total.outputTokens} tokens out`,
  };
}
