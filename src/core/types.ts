/**
 * The data model shared by every layer: documents, nodes (leaves and information points),
 * weighted edges, and the costs every call reports. Plain data, no behaviour.
 */
import type { DocId, NodeId } from "./ids.js";

/** A half-open character range `[start, end)` of a document's normalised text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A document after loading and normalisation, before it is stored. */
export interface LoadedDocument {
  readonly docId: DocId;
  readonly title: string;
  /** Normalised text: valid UTF-8, no BOM, `\n` line ends. Every offset points into it. */
  readonly text: string;
  /** Where it came from (a path, `jsonl:FILE`, `upload`, ...). */
  readonly source: string;
  /** Start offsets of pages 1..n when the format has pages (PDF); `pageStarts[0] === 0`. */
  readonly pageStarts?: readonly number[];
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A stored document. */
export interface DocumentRecord extends LoadedDocument {
  /** SHA-256 of the normalised text, hex: detects re-ingesting the same content. */
  readonly hash: string;
  /** Size in o200k tokens: the sum of its leaves' exact counts (the whole text counted at once differs only where leaves join). */
  readonly tokens: number;
  readonly chars: number;
  /** ISO time of ingest. */
  readonly createdAt: string;
}

/** What `list` shows of a document. */
export interface DocumentSummary {
  readonly docId: DocId;
  readonly title: string;
  readonly source: string;
  readonly hash: string;
  readonly tokens: number;
  readonly chars: number;
  readonly nodes: number;
  readonly levels: number;
  readonly createdAt: string;
}

/**
 * Who made a node or an edge, e.g. `leaf`, `lexrank`, `llm:openai:gpt-4o-mini`,
 * `alignment`, `attribution`, `attention:test`. Every answer trace can say which tier did what.
 */
export type MadeBy = string;

/** A node of a document's hierarchy: a leaf (level 0) or an information point (level >= 1). */
export interface GraphNode {
  readonly nodeId: NodeId;
  readonly docId: DocId;
  readonly level: number;
  /** Position in its level, left to right, from 0. */
  readonly ordinal: number;
  readonly text: string;
  readonly tokens: number;
  /**
   * Character ranges of the document that `text` reproduces verbatim: a leaf's own range,
   * an extractive IP's quoted sentences, none for an abstractive IP.
   */
  readonly spans: readonly Span[];
  /** 1-based page numbers the node's spans touch, when the document has pages. */
  readonly pages?: readonly number[];
  readonly madeBy: MadeBy;
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A weighted edge from an IP (parent, level l+1) to one of its inputs (child, level l). */
export interface GraphEdge {
  readonly parent: NodeId;
  readonly child: NodeId;
  /** Non-negative; a parent's weights sum to 1 over its window. */
  readonly weight: number;
  readonly madeBy: MadeBy;
}

/** A document's whole hierarchy. */
export interface DocumentGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** LLM usage added up over calls. */
export interface LlmUsage {
  llmCalls: number;
  llmTokensIn: number;
  llmTokensOut: number;
}

export function emptyUsage(): LlmUsage {
  return { llmCalls: 0, llmTokensIn: 0, llmTokensOut: 0 };
}

export function addUsage(into: LlmUsage, more: Readonly<LlmUsage>): LlmUsage {
  into.llmCalls += more.llmCalls;
  into.llmTokensIn += more.llmTokensIn;
  into.llmTokensOut += more.llmTokensOut;
  return into;
}
