/**
 * The Summarizer interface (PECAN.md section 1.3): turns one window of consecutive nodes of a
 * level into information points (IPs), which become the nodes of the next level.
 */
import type { DocId } from "../core/ids.js";
import type { GraphNode, LlmUsage, MadeBy, Span } from "../core/types.js";
import type { DocumentTerms } from "./document-terms.js";

/** What a summarizer sees of a window's node. Any `GraphNode` is one. */
export type WindowNode = Pick<GraphNode, "nodeId" | "text" | "spans" | "tokens">;

/** One window: consecutive nodes of one level, and the document they come from. */
export interface WindowInput {
  readonly docId: DocId;
  /** The document's whole text: every span indexes it. */
  readonly docText: string;
  readonly nodes: readonly WindowNode[];
}

/** Per-window context the level builder hands to a summarizer. */
export interface SummarizeContext {
  /** Level of the window's nodes (its IPs go to `level + 1`). */
  readonly level: number;
  /** Index of the window within its level, from 0. */
  readonly window: number;
  /** The document's term statistics (computed once per document). */
  readonly terms: DocumentTerms;
  /** Token counter of the engine (o200k). */
  readonly countTokens: (text: string) => number;
  readonly signal?: AbortSignal;
}

/** One information point. */
export interface InformationPoint {
  readonly text: string;
  /**
   * Character ranges of the document that `text` quotes verbatim (extractive IPs): `text` equals
   * the ranges' texts joined with one space. Empty for abstractive IPs.
   */
  readonly spans: readonly Span[];
  /** Indexes (0-based) of the window nodes the IP draws on, when known. */
  readonly sources?: readonly number[];
}

/** A window's IPs, the model usage it took, and a note when the summarizer had to fall back. */
export interface SummaryResult {
  readonly ips: readonly InformationPoint[];
  readonly usage: LlmUsage;
  /** Who made these IPs when not the summarizer itself (e.g. `lexrank(fallback)`). */
  readonly madeBy?: MadeBy;
  /** Why the summarizer fell back (recorded in the nodes' `meta.fallback`). */
  readonly fallback?: string;
}

/** Turns a window into IPs. Must return at least one IP for a window with any text. */
export interface Summarizer {
  /** Recorded as the IP nodes' `madeBy`: `lexrank`, `llm:<model id>`, ... */
  readonly id: string;
  summarize(window: WindowInput, ctx: SummarizeContext): Promise<SummaryResult>;
}
