/**
 * Summarizers and edge weighers by name, for the CLI, the server and configuration files:
 * `lexrank` | `llm`, and `alignment` | `attribution` | `attention`.
 */
import { UsageError } from "../core/errors.js";
import type { AttentionModel, ChatModel } from "../llm/spec.js";
import { AlignmentWeigher, type AlignmentOptions } from "./alignment-weigher.js";
import { AttentionWeigher } from "./attention-weigher.js";
import { AttributionWeigher, type AttributionOptions } from "./attribution-weigher.js";
import type { EdgeWeigher } from "./edge-weigher.js";
import { LexRankSummarizer, type LexRankOptions } from "./lexrank.js";
import { LlmSummarizer, type LlmSummarizerOptions } from "./llm-summarizer.js";
import type { Summarizer } from "./summarizer.js";

/** Names `createSummarizer` knows. */
export const SUMMARIZER_NAMES = ["lexrank", "llm"] as const;
/** A summarizer's name. */
export type SummarizerName = (typeof SUMMARIZER_NAMES)[number];
/** Names `createWeigher` knows. */
export const WEIGHER_NAMES = ["alignment", "attribution", "attention"] as const;
/** An edge weigher's name. */
export type WeigherName = (typeof WEIGHER_NAMES)[number];

/** What `createSummarizer` may need. */
export interface SummarizerDeps {
  /** Required for `llm`. */
  readonly model?: ChatModel;
  readonly lexrank?: Partial<LexRankOptions>;
  readonly llm?: Partial<LlmSummarizerOptions>;
}

/** What `createWeigher` may need. */
export interface WeigherDeps {
  /** Required for `attention`. */
  readonly attentionModel?: AttentionModel;
  readonly alignment?: Partial<AlignmentOptions>;
  readonly attribution?: Partial<AttributionOptions>;
}

/**
 * A summarizer by name. `llm` falls back to LexRank (with the `lexrank` options) on unusable output.
 * Throws `E_CONFIG` for an unknown name or a missing model.
 * @example createSummarizer("llm", { model }) // id "llm:<model id>"
 */
export function createSummarizer(name: string, deps: SummarizerDeps = {}): Summarizer {
  switch (name) {
    case "lexrank":
      return new LexRankSummarizer(deps.lexrank);
    case "llm":
      if (deps.model === undefined) throw new UsageError("the llm summarizer needs a chat model", { code: "E_CONFIG" });
      return new LlmSummarizer(deps.model, deps.llm, new LexRankSummarizer(deps.lexrank));
    default:
      throw new UsageError(`unknown summarizer "${name}" (known: ${SUMMARIZER_NAMES.join(", ")})`, { code: "E_CONFIG" });
  }
}

/**
 * An edge weigher by name. Throws `E_CONFIG` for an unknown name or a missing attention model.
 * @example createWeigher("attribution") // cited passages blended with alignment
 */
export function createWeigher(name: string, deps: WeigherDeps = {}): EdgeWeigher {
  switch (name) {
    case "alignment":
      return new AlignmentWeigher(deps.alignment);
    case "attribution":
      return new AttributionWeigher({ ...deps.attribution, ...(deps.alignment ? { alignment: deps.alignment } : {}) });
    case "attention":
      if (deps.attentionModel === undefined) throw new UsageError("the attention weigher needs an attention model", { code: "E_CONFIG" });
      return new AttentionWeigher(deps.attentionModel);
    default:
      throw new UsageError(`unknown edge weigher "${name}" (known: ${WEIGHER_NAMES.join(", ")})`, { code: "E_CONFIG" });
  }
}
