/**
 * Reading units: what the walk can put into context, one step at a time. An information point
 * is one unit; a leaf is read sentence by sentence (query-weighted extraction, after Baidu's PLM
 * ranking work: a reader pays for every token, and a 300-token leaf usually holds one or two
 * sentences that matter), so a leaf's units are its sentences, each with its verbatim span.
 * Built once per document from its stored nodes and kept in a cache by the engine.
 */
import type { DocId, NodeId } from "../core/ids.js";
import type { GraphEdge, GraphNode, Span } from "../core/types.js";
import { nodeListOf, type NodeList } from "../core/node-list.js";
import { termFrequencies } from "../core/analyze.js";
import { splitSentences } from "../ingest/sentences.js";
import { countTokens } from "../ingest/tokens.js";
import { addToStats, emptyStats, type TermStats } from "./bm25.js";
import { MapTermUnits, type TermUnits } from "./term-units.js";
import { bareLabelFlag, headingRanks } from "./sections.js";
import { answerTypeFlags } from "./query.js";

/** One readable unit of a document. */
export interface ReadingUnit {
  readonly docId: DocId;
  /** The node read: the IP itself, or the leaf the sentence belongs to. */
  readonly nodeId: NodeId;
  /** Index of that node in the document's `nodes`. */
  readonly node: number;
  /** 0 for a leaf's sentence, the IP's level otherwise. */
  readonly level: number;
  readonly text: string;
  /** Verbatim ranges of the document's text (empty for an abstractive IP). */
  readonly spans: readonly Span[];
  readonly tokens: number;
  readonly pages?: readonly number[];
}

/** The question-time view of one document: nodes, edges as index arrays, units and statistics. */
export interface DocUnits {
  readonly docId: DocId;
  readonly title: string;
  /** Nodes ordered by level, then ordinal; a decoded document makes each when first asked for. */
  readonly nodes: NodeList;
  readonly topLevel: number;
  /** parent → children, CSR over node indexes. */
  readonly childOffsets: Uint32Array;
  readonly childTargets: Uint32Array;
  readonly childWeights: Float32Array;
  /** Per node: the range `[unitStart[n], unitEnd[n])` of its units. */
  readonly unitStart: Uint32Array;
  readonly unitEnd: Uint32Array;
  readonly units: readonly ReadingUnit[];
  /**
   * `units[i]`, made on its own if need be: a decoded document makes its unit objects when they
   * are first read, so the walk, the judge and the reader, which read a few units of the
   * documents they open, take them through this and leave the rest unmade.
   */
  readonly unitAt: (i: number) => ReadingUnit;
  /**
   * The units' `level`, `node` and `tokens` as columns. Loops over every opened unit (the walk's
   * state, relevance, the section prior) read these: the unit objects are of several shapes, and
   * a cold process reads their fields in unoptimised code.
   */
  readonly unitLevel: Uint8Array;
  readonly unitNode: Uint32Array;
  readonly unitTokens: Uint32Array;
  /** Term frequencies and analyzed lengths of units and of nodes. */
  readonly unitTf: readonly ReadonlyMap<string, number>[];
  readonly unitLength: Uint32Array;
  readonly nodeTf: readonly ReadonlyMap<string, number>[];
  readonly nodeLength: Uint32Array;
  /** Statistics over sentence units (leaf sentences only, so quotes are not counted twice). */
  readonly sentenceStats: TermStats;
  /** Statistics over leaves. */
  readonly leafStats: TermStats;
  /**
   * Units whose text another unit already reproduces: reading unit `u` also reads
   * `covers[u]` at no cost (an extractive IP and the sentences it quotes).
   */
  readonly covers: readonly (readonly number[])[];
  /** The units holding a term (the transpose of `unitTf`). */
  readonly termUnits: TermUnits;
  /** The nodes holding a term (the transpose of `nodeTf`), so leaf BM25 visits only those. */
  readonly termNodes: TermUnits;
  /** Each unit's rank as a section heading (-1: not one; `sections.ts`), found at ingest. */
  readonly headingRanks: Int8Array;
  /** Each sentence unit's `sentenceFlags` (0 for an IP's unit), found at ingest. */
  readonly sentenceFlags: Uint8Array;
}

/** Text that ends as a sentence does: closing punctuation, then perhaps quotes or brackets. */
const CLOSED = /[.!?;]["'’”)\]]*\s*$/;

/** The `sentenceFlags` bit of a line: a sentence without closing punctuation (a table cell, a heading, a list entry). */
export const LINE_FLAG = 8;

/**
 * What a question asks of a sentence's text, found once at ingest and stored with the
 * question-time data: the answer types it holds (query.ts `answerTypeFlags`, the walk's
 * answer-type prior), whether it is a line (`LINE_FLAG`: the walk's carry and bridges) and
 * whether it is short enough to be a bare label (sections.ts `BARE_LABEL_FLAG`). A cold
 * question used to run these expressions over every matching sentence of every opened document.
 * Changing what a flag means changes stored data: bump `UNITS_CODEC_VERSION` with it.
 * @example sentenceFlags("Revenue 2021") // LINE_FLAG | 1 (a number) | 2 (a year) | BARE_LABEL_FLAG
 */
export function sentenceFlags(text: string): number {
  return answerTypeFlags(text) | (CLOSED.test(text) ? 0 : LINE_FLAG) | bareLabelFlag(text);
}

function pagesOf(span: Span, pageStarts: readonly number[] | undefined): number[] | undefined {
  if (!pageStarts || pageStarts.length === 0) return undefined;
  const pages: number[] = [];
  for (let p = 0; p < pageStarts.length; p++) {
    const start = pageStarts[p] as number;
    const end = p + 1 < pageStarts.length ? (pageStarts[p + 1] as number) : Number.POSITIVE_INFINITY;
    if (span.start < end && span.end > start) pages.push(p + 1);
  }
  return pages;
}

/**
 * Builds a document's reading units from its stored nodes (ordered by level, then ordinal) and
 * edges. `tokensOf` and `frequenciesOf` are `countTokens` and `termFrequencies` or memos of them
 * shared with the rest of a document's build (ingest analyses each text once).
 */
export function buildDocUnits(
  doc: { readonly docId: DocId; readonly title: string; readonly text: string; readonly pageStarts?: readonly number[] },
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  tokensOf: (text: string) => number = countTokens,
  frequenciesOf: (text: string) => ReadonlyMap<string, number> = termFrequencies,
): DocUnits {
  const indexOf = new Map<NodeId, number>();
  nodes.forEach((node, i) => indexOf.set(node.nodeId, i));
  const n = nodes.length;

  const childCount = new Uint32Array(n + 1);
  for (const edge of edges) {
    const p = indexOf.get(edge.parent);
    if (p !== undefined) childCount[p + 1]! += 1;
  }
  const childOffsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) childOffsets[i + 1] = (childOffsets[i] as number) + (childCount[i + 1] as number);
  const childTargets = new Uint32Array(childOffsets[n] as number);
  const childWeights = new Float32Array(childOffsets[n] as number);
  const fill = childOffsets.slice(0, n);
  for (const edge of edges) {
    const p = indexOf.get(edge.parent);
    const c = indexOf.get(edge.child);
    if (p === undefined || c === undefined) continue;
    const at = fill[p] as number;
    childTargets[at] = c;
    childWeights[at] = edge.weight;
    fill[p] = at + 1;
  }

  const units: ReadingUnit[] = [];
  const unitStart = new Uint32Array(n);
  const unitEnd = new Uint32Array(n);
  let topLevel = 0;
  nodes.forEach((node, i) => {
    topLevel = Math.max(topLevel, node.level);
    unitStart[i] = units.length;
    if (node.level === 0) {
      const leafSpan = node.spans[0] ?? { start: 0, end: 0 };
      for (const s of splitSentences(node.text)) {
        const span = { start: leafSpan.start + s.start, end: leafSpan.start + s.end };
        const text = node.text.slice(s.start, s.end);
        const pages = pagesOf(span, doc.pageStarts);
        units.push({
          docId: node.docId,
          nodeId: node.nodeId,
          node: i,
          level: 0,
          text,
          spans: [span],
          tokens: Math.max(1, tokensOf(text)),
          ...(pages ? { pages } : {}),
        });
      }
    } else {
      units.push({
        docId: node.docId,
        nodeId: node.nodeId,
        node: i,
        level: node.level,
        text: node.text,
        spans: node.spans,
        tokens: Math.max(1, node.tokens),
        ...(node.pages ? { pages: node.pages } : {}),
      });
    }
    unitEnd[i] = units.length;
  });

  const unitTf = units.map((u) => frequenciesOf(u.text));
  const unitLength = Uint32Array.from(unitTf, (tf) => sumValues(tf));
  const nodeTf = nodes.map((node) => frequenciesOf(node.text));
  const nodeLength = Uint32Array.from(nodeTf, (tf) => sumValues(tf));

  const sentenceStats = emptyStats();
  const sentenceIdx = units.flatMap((u, i) => (u.level === 0 ? [i] : []));
  addToStats(
    sentenceStats,
    sentenceIdx.map((i) => unitTf[i] as ReadonlyMap<string, number>),
    sentenceIdx.map((i) => unitLength[i] as number),
  );
  const leafStats = emptyStats();
  const leafIdx = nodes.flatMap((node, i) => (node.level === 0 ? [i] : []));
  addToStats(
    leafStats,
    leafIdx.map((i) => nodeTf[i] as ReadonlyMap<string, number>),
    leafIdx.map((i) => nodeLength[i] as number),
  );

  const covers = coverage(units);
  const ranks = headingRanks(units);
  const unitLevel = Uint8Array.from(units, (u) => u.level);
  const unitNode = Uint32Array.from(units, (u) => u.node);
  const unitTokens = Uint32Array.from(units, (u) => u.tokens);
  const flags = Uint8Array.from(units, (u) => (u.level === 0 ? sentenceFlags(u.text) : 0));

  return {
    docId: doc.docId,
    title: doc.title,
    nodes: nodeListOf(nodes),
    topLevel,
    childOffsets,
    childTargets,
    childWeights,
    unitStart,
    unitEnd,
    units,
    unitAt: (i) => {
      const unit = units[i];
      if (unit === undefined) throw new RangeError(`no unit ${i} in ${doc.docId}`);
      return unit;
    },
    unitLevel,
    unitNode,
    unitTokens,
    unitTf,
    unitLength,
    nodeTf,
    nodeLength,
    sentenceStats,
    leafStats,
    covers,
    termUnits: new MapTermUnits(unitTf),
    termNodes: new MapTermUnits(nodeTf.slice(0, leafCount(nodes))),
    headingRanks: ranks,
    sentenceFlags: flags,
  };
}

/** How many of `nodes` (ordered by level, so leaves first) are leaves. */
export function leafCount(nodes: readonly GraphNode[] | NodeList): number {
  if (Array.isArray(nodes)) {
    const first = (nodes as readonly GraphNode[]).findIndex((node) => node.level > 0);
    return first < 0 ? nodes.length : first;
  }
  const list = nodes as NodeList;
  let first = 0;
  while (first < list.length && list.level(first) === 0) first++;
  return first;
}

/** For each unit, the other units whose spans lie inside its own. */
function coverage(units: readonly ReadingUnit[]): number[][] {
  const covers: number[][] = units.map(() => []);
  const sentences = units.flatMap((u, i) => (u.level === 0 ? [i] : [])).sort((a, b) => units[a]!.spans[0]!.start - units[b]!.spans[0]!.start);
  const starts = sentences.map((i) => units[i]!.spans[0]!.start);
  units.forEach((u, i) => {
    if (u.level === 0 || u.spans.length === 0) return;
    for (const span of u.spans) {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! < span.start) lo = mid + 1;
        else hi = mid;
      }
      for (let j = lo; j < sentences.length && starts[j]! < span.end; j++) {
        const s = sentences[j]!;
        if (units[s]!.spans[0]!.end <= span.end) {
          covers[i]!.push(s);
          // A sentence that holds all of a one-span IP covers the IP too.
          if (u.spans.length === 1 && units[s]!.spans[0]!.start <= span.start) covers[s]!.push(i);
        }
      }
    }
  });
  return covers;
}

function sumValues(map: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const v of map.values()) total += v;
  return total;
}
