/**
 * Building a document's hierarchy (PECAN.md section 1.3-1.4; PECAN paper, Wang et al. 2025,
 * section 3.1): level l is cut left to right into windows, the summarizer turns each window
 * into information points that become the nodes of level l + 1, and the edge weigher links
 * each IP to every node of its window. Levels are added until the top is small, a level does
 * not shrink (that level is dropped), or the maximum depth. One document at a time: a
 * document's graph never depends on another's. Deterministic for deterministic parts.
 */
import { PecanError } from "../core/errors.js";
import { nodeIdOf, type DocId } from "../core/ids.js";
import { addUsage, emptyUsage, type DocumentGraph, type GraphEdge, type GraphNode, type LlmUsage, type Span } from "../core/types.js";
import { DocumentTerms } from "./document-terms.js";
import { normalizeWeights, type EdgeWeigher } from "./edge-weigher.js";
import type { Summarizer } from "./summarizer.js";
import { isSmallLevel, levelOptions, levelShrinks, partitionWindows, sum, type LevelOptions } from "./windows.js";
import { pushAll } from "../core/arrays.js";
import { tokenMemo } from "../ingest/tokens.js";

export { DEFAULT_LEVELS, type LevelOptions } from "./windows.js";

/** The document a graph is built for. */
export interface GraphDocument {
  readonly docId: DocId;
  readonly text: string;
  /** Start offsets of pages 1..n, when the document has pages: extractive IPs then get `pages`. */
  readonly pageStarts?: readonly number[];
}

/** Reported after each window. */
export interface BuildProgress {
  /** The level being built (1 for the first level of IPs). */
  readonly level: number;
  /** Windows of that level done so far (1-based). */
  readonly window: number;
  readonly windows: number;
}

/** The parts a build uses, passed in. */
export interface BuildDeps {
  readonly summarizer: Summarizer;
  readonly weigher: EdgeWeigher;
  readonly countTokens: (text: string) => number;
  /** `analyze` or a memo of it (`core/analyze.ts` `analysisMemo`), for the tf-idf vectors. */
  readonly analyze?: (text: string) => readonly string[];
  /** `splitSentences(doc.text)`, when the caller has them already (the leaves were made from them). */
  readonly sentences?: readonly Span[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BuildProgress) => void;
}

/** Figures of one level of the built graph. */
export interface LevelStats {
  readonly level: number;
  readonly nodes: number;
  readonly tokens: number;
  /** Windows of the level below that made it (0 for the leaves). */
  readonly windows: number;
  /** Tokens of this level over tokens of the level below (1 for the leaves). */
  readonly compression: number;
  /** Milliseconds spent building it. */
  readonly ms: number;
}

/** The graph, the model usage it took, and figures per level. */
export interface BuildResult {
  readonly graph: DocumentGraph;
  readonly usage: LlmUsage;
  readonly stats: LevelStats[];
}

/**
 * A document's whole graph: its leaves and the levels of IPs above them, with weighted edges.
 * @example
 * const { graph } = await buildGraph(doc, leaves, { summarizer: new LexRankSummarizer(),
 *   weigher: new AlignmentWeigher(), countTokens });
 */
export async function buildGraph(
  doc: GraphDocument,
  leaves: readonly GraphNode[],
  deps: BuildDeps,
  options: Partial<LevelOptions> = {},
): Promise<BuildResult> {
  const o = levelOptions(options);
  const level0 = [...leaves].sort((a, b) => a.ordinal - b.ordinal);
  for (const leaf of level0) {
    if (leaf.level !== 0 || leaf.docId !== doc.docId) {
      throw new PecanError("E_INTERNAL", `node ${leaf.nodeId} is not a leaf of document ${doc.docId}`);
    }
  }
  const nodes: GraphNode[] = [...level0];
  const edges: GraphEdge[] = [];
  const usage = emptyUsage();
  const tokensOf = (list: readonly GraphNode[]) => list.map((n) => n.tokens);
  const stats: LevelStats[] = [{ level: 0, nodes: level0.length, tokens: sum(tokensOf(level0)), windows: 0, compression: 1, ms: 0 }];
  if (level0.length === 0) return { graph: { nodes, edges }, usage, stats };

  const terms = DocumentTerms.fromText(doc.text, deps.analyze, deps.sentences);
  const countTokens = tokenMemo(deps.countTokens);
  let current = level0;
  for (let level = 0; level < o.maxDepth && !isSmallLevel(tokensOf(current), o); level++) {
    const started = performance.now();
    const windows = partitionWindows(tokensOf(current), o);
    const next: GraphNode[] = [];
    const nextEdges: GraphEdge[] = [];
    for (const [w, [from, to]] of windows.entries()) {
      if (deps.signal?.aborted) throw new PecanError("E_ABORTED", "the build was cancelled", { cause: deps.signal.reason });
      const windowNodes = current.slice(from, to);
      const ctx = { level, window: w, terms, countTokens, ...(deps.signal ? { signal: deps.signal } : {}) };
      const result = await deps.summarizer.summarize({ docId: doc.docId, docText: doc.text, nodes: windowNodes }, ctx);
      addUsage(usage, result.usage);
      if (result.ips.length === 0) {
        throw new PecanError("E_INTERNAL", `summarizer ${deps.summarizer.id} made no information point for window ${w} of level ${level}`);
      }
      for (const ip of result.ips) {
        const raw = await deps.weigher.weigh(ip, windowNodes, { docText: doc.text, terms, level, ...(deps.signal ? { signal: deps.signal } : {}) });
        if (raw.length !== windowNodes.length) {
          throw new PecanError("E_INTERNAL", `weigher ${deps.weigher.id} gave ${raw.length} weights for ${windowNodes.length} nodes`);
        }
        const node: GraphNode = {
          nodeId: nodeIdOf(doc.docId, level + 1, next.length),
          docId: doc.docId,
          level: level + 1,
          ordinal: next.length,
          text: ip.text,
          tokens: countTokens(ip.text),
          spans: ip.spans.map((s) => ({ start: s.start, end: s.end })),
          ...pagesOf(ip.spans, doc.pageStarts),
          madeBy: result.madeBy ?? deps.summarizer.id,
          meta: result.fallback === undefined ? { window: w } : { window: w, fallback: result.fallback },
        };
        next.push(node);
        normalizeWeights(raw).forEach((weight, i) => {
          nextEdges.push({ parent: node.nodeId, child: (windowNodes[i] as GraphNode).nodeId, weight, madeBy: deps.weigher.id });
        });
      }
      deps.onProgress?.({ level: level + 1, window: w + 1, windows: windows.length });
    }
    if (!levelShrinks(tokensOf(current), tokensOf(next))) break;
    pushAll(nodes, next);
    pushAll(edges, nextEdges);
    const tokens = sum(tokensOf(next));
    const below = (stats[stats.length - 1] as LevelStats).tokens;
    stats.push({ level: level + 1, nodes: next.length, tokens, windows: windows.length, compression: below > 0 ? tokens / below : 1, ms: performance.now() - started });
    current = next;
  }
  return { graph: { nodes, edges }, usage, stats };
}

/** 1-based pages the spans touch, as a `pages` property (none without page starts or spans). */
function pagesOf(spans: readonly Span[], pageStarts: readonly number[] | undefined): { pages?: number[] } {
  if (pageStarts === undefined || pageStarts.length === 0 || spans.length === 0) return {};
  const pages = new Set<number>();
  for (const s of spans) {
    const first = pageAt(pageStarts, s.start);
    const last = pageAt(pageStarts, Math.max(s.start, s.end - 1));
    for (let p = first; p <= last; p++) pages.add(p);
  }
  return { pages: [...pages].sort((a, b) => a - b) };
}

/** The 1-based page holding an offset (binary search over the page starts). */
function pageAt(pageStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = pageStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pageStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
