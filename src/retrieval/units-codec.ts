/**
 * The compact, stored form of a document's question-time data (`DocUnits` less its nodes), so
 * a fresh process answers without splitting sentences, counting tokens or analysing text
 * again (decoding: `units-decode.ts`). Written at ingest in the document's transaction (`Store.putDocument`'s
 * `questionData`), decoded with the document's stored nodes.
 *
 * Layout (little-endian): a header of 32-bit words, then Uint32 and Float32 arrays, then the
 * term dictionary as UTF-8 strings joined by NUL.
 *   header: magic, version, nodes n, units u, edges e, unit-tf pairs, node-tf pairs, covers c,
 *           dictionary terms t, dictionary bytes, sentence-df pairs, leaf-df pairs,
 *           sentence count, sentence total length, leaf count, leaf total length
 *   childOffsets[n+1] childTargets[e] childWeights[e] (Float32)
 *   unitStart[n] unitEnd[n]
 *   unitNode[u] unitFrom[u] unitTo[u] unitTokens[u] unitPageFirst[u] unitPageCount[u]
 *   headingRanks: u signed bytes (sections.ts), padded to whole words
 *   unitLength[u] unitTermOffsets[t+1] unitHolders[] unitHolderCounts[]
 *   nodeLength[n] nodeTermOffsets[t+1] nodeHolders[] nodeHolderCounts[]
 *   coverOffsets[u+1] coverTargets[c]
 *   sentenceDfTerms[] sentenceDfCounts[] leafDfTerms[] leafDfCounts[]
 *   sentenceFlags: u bytes (units.ts `sentenceFlags`), padded to whole words
 * A leaf's sentence unit keeps its range within the leaf's text (`unitFrom`, `unitTo`) and its
 * token count; an IP's unit is its node (text, spans, pages and tokens come from the node).
 * Term frequencies are stored term by term (version 4): for each term id, the units (and the
 * nodes) that hold it, ascending, with their counts, which is what a question reads
 * (`term-major.ts`); lengths are stored with them. The statistics' document frequencies are
 * stored too (recounting them over every unit was a third of the decoding). Version 5 adds each
 * sentence's flags (its answer types and whether it is a line: the walk tested every matching
 * sentence's text at question time).
 */
import { PecanError, StoreError } from "../core/errors.js";
import type { DocId, NodeId } from "../core/ids.js";
import type { DocumentGraph, GraphEdge, GraphNode } from "../core/types.js";
import { transposePairs } from "./term-major.js";
import { buildDocUnits, type DocUnits } from "./units.js";

/** First word of every blob ("PQD1"). */
export const MAGIC = 0x31445150;
/** Version of the encoding; a blob of another version is ignored and rebuilt. */
export const UNITS_CODEC_VERSION = 5;
export const HEADER_WORDS = 16;
/** `unitPageFirst` of a unit without pages. */
export const NO_PAGES = 0xffffffff;

/** Words that hold `u` heading ranks (or sentence flags), one byte each. */
export function rankWordsOf(u: number): number {
  return Math.ceil(u / 4);
}

export function corrupt(what: string): StoreError {
  return new StoreError("E_STORE", `the store is corrupt: question-time data ${what}`);
}

/**
 * Encodes a document's question-time data.
 * @example const bytes = encodeDocUnits(buildDocUnits(doc, nodes, edges));
 */
export function encodeDocUnits(units: DocUnits): Uint8Array {
  // Typed arrays use the platform's byte order; the layout is little-endian.
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new PecanError("E_INTERNAL", "big-endian platforms are not supported");
  const n = units.nodes.length;
  const u = units.units.length;
  const e = units.childTargets.length;
  const dictionary = new Map<string, number>();
  const termId = (term: string): number => {
    let id = dictionary.get(term);
    if (id === undefined) dictionary.set(term, (id = dictionary.size));
    return id;
  };
  const flatten = (tfs: readonly ReadonlyMap<string, number>[]): { offsets: Uint32Array; terms: number[]; counts: number[] } => {
    const offsets = new Uint32Array(tfs.length + 1);
    const terms: number[] = [];
    const counts: number[] = [];
    tfs.forEach((tf, i) => {
      for (const [term, count] of tf) {
        terms.push(termId(term));
        counts.push(count);
      }
      offsets[i + 1] = terms.length;
    });
    return { offsets, terms, counts };
  };
  const unitTf = flatten(units.unitTf);
  const nodeTf = flatten(units.nodeTf);
  const coverOffsets = new Uint32Array(u + 1);
  const coverTargets: number[] = [];
  units.covers.forEach((list, i) => {
    for (const target of list) coverTargets.push(target);
    coverOffsets[i + 1] = coverTargets.length;
  });
  const unitNode = new Uint32Array(u);
  const unitFrom = new Uint32Array(u);
  const unitTo = new Uint32Array(u);
  const unitTokens = new Uint32Array(u);
  const pageFirst = new Uint32Array(u);
  const pageCount = new Uint32Array(u);
  units.units.forEach((unit, i) => {
    unitNode[i] = unit.node;
    unitTokens[i] = unit.tokens;
    const node = unit.node < units.nodes.length ? units.nodes.get(unit.node) : undefined;
    if (unit.level === 0 && node !== undefined) {
      const leafStart = node.spans[0]?.start ?? 0;
      const span = unit.spans[0] ?? { start: leafStart, end: leafStart };
      unitFrom[i] = span.start - leafStart;
      unitTo[i] = span.end - leafStart;
    }
    if (unit.pages === undefined) pageFirst[i] = NO_PAGES;
    else {
      pageFirst[i] = unit.pages[0] ?? 0;
      pageCount[i] = unit.pages.length;
    }
  });
  const rankBytes = new Int8Array(rankWordsOf(u) * 4);
  rankBytes.set(units.headingRanks);
  const dfPairs = (df: ReadonlyMap<string, number>): { terms: number[]; counts: number[] } => {
    const terms: number[] = [];
    const counts: number[] = [];
    for (const [term, count] of df) {
      terms.push(termId(term));
      counts.push(count);
    }
    return { terms, counts };
  };
  const typeBytes = new Uint8Array(rankWordsOf(u) * 4);
  typeBytes.set(units.sentenceFlags);
  const sentenceDf = dfPairs(units.sentenceStats.df);
  const leafDf = dfPairs(units.leafStats.df);
  const dictBytes = new TextEncoder().encode([...dictionary.keys()].join("\0"));
  const unitMajor = transposePairs(unitTf.offsets, unitTf.terms, unitTf.counts, dictionary.size);
  const nodeMajor = transposePairs(nodeTf.offsets, nodeTf.terms, nodeTf.counts, dictionary.size);
  const header = Uint32Array.from([
    MAGIC,
    UNITS_CODEC_VERSION,
    n,
    u,
    e,
    unitTf.terms.length,
    nodeTf.terms.length,
    coverTargets.length,
    dictionary.size,
    dictBytes.length,
    sentenceDf.terms.length,
    leafDf.terms.length,
    units.sentenceStats.count,
    units.sentenceStats.totalLength,
    units.leafStats.count,
    units.leafStats.totalLength,
  ]);
  const parts: ArrayLike<number>[] = [
    header,
    units.childOffsets,
    units.childTargets,
    new Uint32Array(units.childWeights.buffer, units.childWeights.byteOffset, e),
    units.unitStart,
    units.unitEnd,
    unitNode,
    unitFrom,
    unitTo,
    unitTokens,
    pageFirst,
    pageCount,
    new Uint32Array(rankBytes.buffer),
    units.unitLength,
    unitMajor.termOffsets,
    unitMajor.holders,
    unitMajor.holderCounts,
    units.nodeLength,
    nodeMajor.termOffsets,
    nodeMajor.holders,
    nodeMajor.holderCounts,
    coverOffsets,
    coverTargets,
    sentenceDf.terms,
    sentenceDf.counts,
    leafDf.terms,
    leafDf.counts,
    new Uint32Array(typeBytes.buffer),
  ];
  let words = 0;
  for (const part of parts) words += part.length;
  const out = new Uint8Array(words * 4 + dictBytes.length);
  const view = new Uint32Array(out.buffer, 0, words);
  let at = 0;
  for (const part of parts) {
    view.set(part, at);
    at += part.length;
  }
  out.set(dictBytes, words * 4);
  return out;
}

/** Nodes in the store's order (level, then ordinal) and edges in its order (parent, then child position). */
export function storedOrder(graph: DocumentGraph): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = [...graph.nodes].sort((a, b) => a.level - b.level || a.ordinal - b.ordinal);
  const position = new Map<NodeId, number>(nodes.map((node, i) => [node.nodeId, i]));
  const at = (id: NodeId): number => position.get(id) ?? 0;
  const edges = [...graph.edges].sort((a, b) => at(a.parent) - at(b.parent) || at(a.child) - at(b.child));
  return { nodes, edges };
}

/**
 * The question-time data of a document about to be stored, encoded.
 * @example await store.putDocument(record, graph, { questionData: questionDataOf(record, graph) });
 */
export function questionDataOf(
  doc: { readonly docId: DocId; readonly title: string; readonly text: string; readonly pageStarts?: readonly number[] },
  graph: DocumentGraph,
  tokensOf?: (text: string) => number,
  frequenciesOf?: (text: string) => ReadonlyMap<string, number>,
): Uint8Array {
  const { nodes, edges } = storedOrder(graph);
  return encodeDocUnits(buildDocUnits(doc, nodes, edges, tokensOf, frequenciesOf));
}
