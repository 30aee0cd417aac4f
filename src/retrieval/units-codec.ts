/**
 * The compact, stored form of a document's question-time data (`DocUnits` less its nodes), so
 * a fresh process answers without splitting sentences, counting tokens or analysing text
 * again. Written at ingest in the document's transaction (`Store.putDocument`'s
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
 *   unitTfOffsets[u+1] unitTfTerms[] unitTfCounts[]
 *   nodeTfOffsets[n+1] nodeTfTerms[] nodeTfCounts[]
 *   coverOffsets[u+1] coverTargets[c]
 *   sentenceDfTerms[] sentenceDfCounts[] leafDfTerms[] leafDfCounts[]
 * A leaf's sentence unit keeps its range within the leaf's text (`unitFrom`, `unitTo`) and its
 * token count; an IP's unit is its node (text, spans, pages and tokens come from the node).
 * Lengths are sums over the term frequencies, recomputed on decode; the statistics' document
 * frequencies are stored (recounting them over every unit was a third of the decoding). The
 * decoded term frequencies are read-only maps over the blob's pairs (`compact-tf.ts`).
 */
import { PecanError, StoreError } from "../core/errors.js";
import type { DocId, NodeId } from "../core/ids.js";
import type { DocumentGraph, GraphEdge, GraphNode } from "../core/types.js";
import type { TermStats } from "./bm25.js";
import { CompactTf, TermDictionary } from "./compact-tf.js";
import { buildDocUnits, type DocUnits, type ReadingUnit } from "./units.js";

const MAGIC = 0x31445150; // "PQD1"
/** Version of the encoding; a blob of another version is ignored and rebuilt. */
export const UNITS_CODEC_VERSION = 2;
const HEADER_WORDS = 16;
/** `unitPageFirst` of a unit without pages. */
const NO_PAGES = 0xffffffff;

function corrupt(what: string): StoreError {
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
    const node = units.nodes[unit.node];
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
  const dfPairs = (df: ReadonlyMap<string, number>): { terms: number[]; counts: number[] } => {
    const terms: number[] = [];
    const counts: number[] = [];
    for (const [term, count] of df) {
      terms.push(termId(term));
      counts.push(count);
    }
    return { terms, counts };
  };
  const sentenceDf = dfPairs(units.sentenceStats.df);
  const leafDf = dfPairs(units.leafStats.df);
  const dictBytes = new TextEncoder().encode([...dictionary.keys()].join("\0"));
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
    unitTf.offsets,
    unitTf.terms,
    unitTf.counts,
    nodeTf.offsets,
    nodeTf.terms,
    nodeTf.counts,
    coverOffsets,
    coverTargets,
    sentenceDf.terms,
    sentenceDf.counts,
    leafDf.terms,
    leafDf.counts,
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

/** Reads consecutive Uint32 arrays from a blob, checking every length. */
class Reader {
  private at = 0;
  private readonly words: Uint32Array;
  constructor(bytes: Uint8Array, words: number) {
    if (bytes.byteLength < words * 4) throw corrupt("is truncated");
    if (bytes.byteOffset % 4 === 0) this.words = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    else {
      // Copy into an aligned buffer: a stored blob may start at any offset.
      const aligned = new Uint8Array(words * 4);
      aligned.set(bytes.subarray(0, words * 4));
      this.words = new Uint32Array(aligned.buffer);
    }
  }
  take(length: number): Uint32Array {
    if (this.at + length > this.words.length) throw corrupt("is truncated");
    const part = this.words.subarray(this.at, this.at + length);
    this.at += length;
    return part;
  }
  get used(): number {
    return this.at;
  }
}

function checkOffsets(offsets: Uint32Array, total: number, what: string): void {
  for (let i = 1; i < offsets.length; i++) if ((offsets[i] as number) < (offsets[i - 1] as number)) throw corrupt(`has decreasing ${what}`);
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== total) throw corrupt(`has bad ${what}`);
}

/** Whether a blob is of this encoding (another version is rebuilt, not read). */
export function isCurrentEncoding(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 8) return false;
  const head = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return head.getUint32(0, true) === MAGIC && head.getUint32(4, true) === UNITS_CODEC_VERSION;
}

/**
 * Decodes question-time data with the document's stored nodes (ordered by level, then
 * ordinal), giving what `buildDocUnits` gives for the same document. A blob that does not fit
 * the nodes is `E_STORE`.
 */
export function decodeDocUnits(bytes: Uint8Array, doc: { readonly docId: DocId; readonly title: string }, nodes: readonly GraphNode[]): DocUnits {
  if (!isCurrentEncoding(bytes) || bytes.byteLength < HEADER_WORDS * 4) throw corrupt("has an unknown encoding");
  const head = new DataView(bytes.buffer, bytes.byteOffset, HEADER_WORDS * 4);
  const word = (i: number): number => head.getUint32(i * 4, true);
  const [n, u, e, unitPairs, nodePairs, c, t, dictLength, sentencePairs, leafPairs] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(word) as [
    number, number, number, number, number, number, number, number, number, number,
  ];
  if (n !== nodes.length) throw corrupt(`of ${doc.docId} is for ${n} nodes, not ${nodes.length}`);
  const words =
    HEADER_WORDS + (n + 1) + 2 * e + 2 * n + 6 * u + (u + 1) + 2 * unitPairs + (n + 1) + 2 * nodePairs + (u + 1) + c + 2 * sentencePairs + 2 * leafPairs;
  if (bytes.byteLength !== words * 4 + dictLength) throw corrupt(`of ${doc.docId} has the wrong length`);
  const r = new Reader(bytes, words);
  r.take(HEADER_WORDS);
  const childOffsets = Uint32Array.from(r.take(n + 1));
  const childTargets = Uint32Array.from(r.take(e));
  const childWeights = new Float32Array(Uint32Array.from(r.take(e)).buffer);
  const unitStart = Uint32Array.from(r.take(n));
  const unitEnd = Uint32Array.from(r.take(n));
  const [unitNode, unitFrom, unitTo, unitTokens, pageFirst, pageCount] = [0, 1, 2, 3, 4, 5].map(() => r.take(u)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const unitTfOffsets = r.take(u + 1);
  const unitTfTerms = r.take(unitPairs);
  const unitTfCounts = r.take(unitPairs);
  const nodeTfOffsets = r.take(n + 1);
  const nodeTfTerms = r.take(nodePairs);
  const nodeTfCounts = r.take(nodePairs);
  const coverOffsets = r.take(u + 1);
  const coverTargets = r.take(c);
  const sentenceDfTerms = r.take(sentencePairs);
  const sentenceDfCounts = r.take(sentencePairs);
  const leafDfTerms = r.take(leafPairs);
  const leafDfCounts = r.take(leafPairs);
  checkOffsets(childOffsets, e, "child offsets");
  checkOffsets(unitTfOffsets, unitPairs, "unit term offsets");
  checkOffsets(nodeTfOffsets, nodePairs, "node term offsets");
  checkOffsets(coverOffsets, c, "cover offsets");
  const dictionary = dictLength === 0 && t === 0 ? [] : new TextDecoder().decode(bytes.subarray(words * 4)).split("\0");
  if (dictionary.length !== t) throw corrupt(`of ${doc.docId} has a damaged dictionary`);
  for (const ids of [unitTfTerms, nodeTfTerms, sentenceDfTerms, leafDfTerms]) {
    for (let k = 0; k < ids.length; k++) if ((ids[k] as number) >= t) throw corrupt(`of ${doc.docId} names a term outside its dictionary`);
  }
  const terms = new TermDictionary(dictionary);
  const tfs = (offsets: Uint32Array, ids: Uint32Array, counts: Uint32Array, count: number): { tf: CompactTf[]; length: Uint32Array } => {
    const tf: CompactTf[] = [];
    const length = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const from = offsets[i] as number;
      const to = offsets[i + 1] as number;
      let total = 0;
      for (let k = from; k < to; k++) total += counts[k] as number;
      length[i] = total;
      tf.push(new CompactTf(terms, ids, counts, from, to));
    }
    return { tf, length };
  };
  const { tf: unitTf, length: unitLength } = tfs(unitTfOffsets, unitTfTerms, unitTfCounts, u);
  const { tf: nodeTf, length: nodeLength } = tfs(nodeTfOffsets, nodeTfTerms, nodeTfCounts, n);
  const units: ReadingUnit[] = [];
  for (let i = 0; i < u; i++) {
    const index = unitNode[i] as number;
    const node = nodes[index];
    if (node === undefined) throw corrupt(`of ${doc.docId} points to a missing node`);
    const first = pageFirst[i] as number;
    const pages = first === NO_PAGES ? undefined : Array.from({ length: pageCount[i] as number }, (_, k) => first + k);
    if (node.level === 0) {
      const from = unitFrom[i] as number;
      const to = unitTo[i] as number;
      if (from > to || to > node.text.length) throw corrupt(`of ${doc.docId} has a sentence outside its leaf`);
      const leafStart = node.spans[0]?.start ?? 0;
      units.push({
        docId: node.docId,
        nodeId: node.nodeId,
        node: index,
        level: 0,
        text: node.text.slice(from, to),
        spans: [{ start: leafStart + from, end: leafStart + to }],
        tokens: unitTokens[i] as number,
        ...(pages ? { pages } : {}),
      });
    } else {
      units.push({
        docId: node.docId,
        nodeId: node.nodeId,
        node: index,
        level: node.level,
        text: node.text,
        spans: node.spans,
        tokens: unitTokens[i] as number,
        ...(node.pages ? { pages: node.pages } : {}),
      });
    }
  }
  const stats = (ids: Uint32Array, counts: Uint32Array, count: number, totalLength: number): TermStats => {
    const df = new Map<string, number>();
    for (let k = 0; k < ids.length; k++) df.set(dictionary[ids[k] as number] as string, counts[k] as number);
    return { df, count, totalLength };
  };
  const sentenceStats = stats(sentenceDfTerms, sentenceDfCounts, word(12), word(13));
  const leafStats = stats(leafDfTerms, leafDfCounts, word(14), word(15));
  const covers: number[][] = [];
  for (let i = 0; i < u; i++) covers.push(Array.from(coverTargets.subarray(coverOffsets[i], coverOffsets[i + 1])));
  let topLevel = 0;
  for (const node of nodes) topLevel = Math.max(topLevel, node.level);
  return {
    docId: doc.docId,
    title: doc.title,
    nodes,
    topLevel,
    childOffsets,
    childTargets,
    childWeights,
    unitStart,
    unitEnd,
    units,
    unitTf,
    unitLength,
    nodeTf,
    nodeLength,
    sentenceStats,
    leafStats,
    covers,
  };
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
): Uint8Array {
  const { nodes, edges } = storedOrder(graph);
  return encodeDocUnits(buildDocUnits(doc, nodes, edges));
}
