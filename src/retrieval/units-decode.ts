/**
 * Decoding the stored question-time data (the layout is described in `units-codec.ts`) with the
 * document's stored nodes into the `DocUnits` that `buildDocUnits` gives for the same document.
 */
import type { DocId, NodeId } from "../core/ids.js";
import type { GraphNode, Span } from "../core/types.js";
import { nodeListOf, type NodeList } from "../core/node-list.js";
import type { TermStats } from "./bm25.js";
import { CompactDf, TermDictionary } from "./compact-tf.js";
import { corrupt, HEADER_WORDS, MAGIC, NO_PAGES, rankWordsOf, UNITS_CODEC_VERSION } from "./units-codec.js";
import { TermMajor, TermMajorTf } from "./term-major.js";
import { leafCount, type DocUnits, type ReadingUnit } from "./units.js";

/** The covers of a unit that reproduces no other (most units): one shared empty list. */
const NO_COVERS: readonly number[] = Object.freeze([]);

/**
 * A leaf's sentence as decoded: its text and span are made on first use. A cold question
 * decodes tens of thousands of sentences and reads a few dozen; building each one's text slice
 * and span up front was most of the decoding's allocations, and so of the collector's work.
 * (Own properties are the plain fields: spread or serialise a unit through its fields, as the
 * engine does.)
 */
class SentenceUnit implements ReadingUnit {
  readonly docId: DocId;
  readonly nodeId: NodeId;
  readonly node: number;
  readonly level = 0;
  readonly tokens: number;
  declare readonly pages?: readonly number[];
  readonly #leaf: GraphNode;
  readonly #from: number;
  readonly #to: number;
  #text: string | undefined;
  #spans: readonly Span[] | undefined;

  constructor(leaf: GraphNode, node: number, from: number, to: number, tokens: number, pages: readonly number[] | undefined) {
    this.docId = leaf.docId;
    this.nodeId = leaf.nodeId;
    this.node = node;
    this.tokens = tokens;
    if (pages) (this as { pages?: readonly number[] }).pages = pages;
    this.#leaf = leaf;
    this.#from = from;
    this.#to = to;
  }

  get text(): string {
    if (this.#text === undefined) {
      // Checked here, not at decoding: a store may decode a leaf's text only when it is read.
      const leaf = this.#leaf.text;
      if (this.#to > leaf.length) throw corrupt(`of ${this.docId} has a sentence outside its leaf`);
      this.#text = leaf.slice(this.#from, this.#to);
    }
    return this.#text;
  }

  get spans(): readonly Span[] {
    const start = this.#leaf.spans[0]?.start ?? 0;
    return (this.#spans ??= [{ start: start + this.#from, end: start + this.#to }]);
  }
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
export function decodeDocUnits(bytes: Uint8Array, doc: { readonly docId: DocId; readonly title: string }, stored: NodeList | readonly GraphNode[]): DocUnits {
  const nodes = Array.isArray(stored) ? nodeListOf(stored as readonly GraphNode[]) : (stored as NodeList);
  if (!isCurrentEncoding(bytes) || bytes.byteLength < HEADER_WORDS * 4) throw corrupt("has an unknown encoding");
  const head = new DataView(bytes.buffer, bytes.byteOffset, HEADER_WORDS * 4);
  const word = (i: number): number => head.getUint32(i * 4, true);
  const [n, u, e, unitPairs, nodePairs, c, t, dictLength, sentencePairs, leafPairs] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(word) as [
    number, number, number, number, number, number, number, number, number, number,
  ];
  if (n !== nodes.length) throw corrupt(`of ${doc.docId} is for ${n} nodes, not ${nodes.length}`);
  const words =
    HEADER_WORDS + (n + 1) + 2 * e + 2 * n + 6 * u + rankWordsOf(u) + u + (t + 1) + 2 * unitPairs + n + (t + 1) + 2 * nodePairs + (u + 1) + c + 2 * sentencePairs + 2 * leafPairs + rankWordsOf(u);
  if (bytes.byteLength !== words * 4 + dictLength) throw corrupt(`of ${doc.docId} has the wrong length`);
  const r = new Reader(bytes, words);
  r.take(HEADER_WORDS);
  const childOffsets = Uint32Array.from(r.take(n + 1));
  const childTargets = Uint32Array.from(r.take(e));
  const childWeights = new Float32Array(Uint32Array.from(r.take(e)).buffer);
  const unitStart = Uint32Array.from(r.take(n));
  const unitEnd = Uint32Array.from(r.take(n));
  const [unitNode, unitFrom, unitTo, unitTokens, pageFirst, pageCount] = [0, 1, 2, 3, 4, 5].map(() => r.take(u)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const rankWords = r.take(rankWordsOf(u));
  const headingRanks = new Int8Array(u);
  headingRanks.set(new Int8Array(rankWords.buffer, rankWords.byteOffset, u));
  const unitLength = r.take(u);
  const unitTermOffsets = r.take(t + 1);
  const unitHolders = r.take(unitPairs);
  const unitHolderCounts = r.take(unitPairs);
  const nodeLength = r.take(n);
  const nodeTermOffsets = r.take(t + 1);
  const nodeHolders = r.take(nodePairs);
  const nodeHolderCounts = r.take(nodePairs);
  const coverOffsets = r.take(u + 1);
  const coverTargets = r.take(c);
  const sentenceDfTerms = r.take(sentencePairs);
  const sentenceDfCounts = r.take(sentencePairs);
  const leafDfTerms = r.take(leafPairs);
  const leafDfCounts = r.take(leafPairs);
  const typeWords = r.take(rankWordsOf(u));
  const sentenceFlags = Uint8Array.from(new Uint8Array(typeWords.buffer, typeWords.byteOffset, u));
  checkOffsets(childOffsets, e, "child offsets");
  checkOffsets(unitTermOffsets, unitPairs, "unit term offsets");
  checkOffsets(nodeTermOffsets, nodePairs, "node term offsets");
  checkOffsets(coverOffsets, c, "cover offsets");
  const terms = TermDictionary.stored(new TextDecoder().decode(bytes.subarray(words * 4)), t);
  if (terms === undefined) throw corrupt(`of ${doc.docId} has a damaged dictionary`);
  // A term's holders are checked where they are first read (`term-major.ts`): scanning every
  // pair here was the largest part of a cold decode.
  const unitMajor = new TermMajor(terms, u, unitTermOffsets, unitHolders, unitHolderCounts);
  const nodeMajor = new TermMajor(terms, n, nodeTermOffsets, nodeHolders, nodeHolderCounts);
  const unitLevel = new Uint8Array(u);
  for (let i = 0; i < u; i++) {
    const index = unitNode[i] as number;
    if (index >= n) throw corrupt(`of ${doc.docId} points to a missing node`);
    const level = nodes.level(index);
    unitLevel[i] = level;
    if (level === 0 && (unitFrom[i] as number) > (unitTo[i] as number)) throw corrupt(`of ${doc.docId} has a sentence outside its leaf`);
  }
  // The unit objects and the per-unit and per-node term maps are made on first use: a cold
  // question opens up to 16 documents, scores them from the columns and term-major holders, and
  // reads a few dozen units (docs/design-notes.md, "Cold start"). A unit is made once, by
  // `unitAt` or when the whole list is first read, which makes the rest.
  const made = new Array<ReadingUnit | undefined>(u);
  // Most units lie on one page: units of the same page share one frozen list.
  const onePage = new Map<number, readonly number[]>();
  const unitAt = (i: number): ReadingUnit => {
    const done = made[i];
    if (done !== undefined) return done;
    if (!(i >= 0 && i < u && Number.isInteger(i))) throw new RangeError(`no unit ${i} in ${doc.docId}`);
    const index = unitNode[i] as number;
    const node = nodes.get(index);
    const first = pageFirst[i] as number;
    const count = pageCount[i] as number;
    let pages: readonly number[] | undefined;
    if (first === NO_PAGES) pages = undefined;
    else if (count === 1) {
      pages = onePage.get(first);
      if (pages === undefined) onePage.set(first, (pages = Object.freeze([first])));
    } else pages = Array.from({ length: count }, (_, k) => first + k);
    let unit: ReadingUnit;
    if (node.level === 0) unit = new SentenceUnit(node, index, unitFrom[i] as number, unitTo[i] as number, unitTokens[i] as number, pages);
    else {
      const { docId, nodeId, level, text, spans } = node;
      const tokens = unitTokens[i] as number;
      unit = node.pages ? { docId, nodeId, node: index, level, text, spans, tokens, pages: node.pages } : { docId, nodeId, node: index, level, text, spans, tokens };
    }
    made[i] = unit;
    return unit;
  };
  const makeUnits = (): ReadingUnit[] => {
    const units: ReadingUnit[] = [];
    for (let i = 0; i < u; i++) units.push(unitAt(i));
    return units;
  };
  const tfOf = (major: TermMajor, count: number): TermMajorTf[] => {
    const tf: TermMajorTf[] = [];
    for (let i = 0; i < count; i++) tf.push(new TermMajorTf(major, i));
    return tf;
  };
  let units: ReadingUnit[] | undefined;
  let unitTf: TermMajorTf[] | undefined;
  let nodeTf: TermMajorTf[] | undefined;
  const stats = (ids: Uint32Array, counts: Uint32Array, count: number, totalLength: number): TermStats => ({
    df: new CompactDf(terms, ids, counts),
    count,
    totalLength,
  });
  const sentenceStats = stats(sentenceDfTerms, sentenceDfCounts, word(12), word(13));
  const leafStats = stats(leafDfTerms, leafDfCounts, word(14), word(15));
  // Most units cover nothing: the shared empty list, and an array only for the few that do.
  const covers = new Array<readonly number[]>(u).fill(NO_COVERS);
  for (let i = 0; i < u; i++) {
    const from = coverOffsets[i] as number;
    const to = coverOffsets[i + 1] as number;
    if (from === to) continue;
    const list = new Array<number>(to - from);
    for (let k = from; k < to; k++) list[k - from] = coverTargets[k] as number;
    covers[i] = list;
  }
  let topLevel = 0;
  if (n > 0) topLevel = nodes.level(n - 1);
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
    get units() {
      return (units ??= makeUnits());
    },
    unitAt,
    unitLevel,
    unitNode,
    unitTokens,
    get unitTf() {
      return (unitTf ??= tfOf(unitMajor, u));
    },
    unitLength,
    get nodeTf() {
      return (nodeTf ??= tfOf(nodeMajor, n));
    },
    nodeLength,
    sentenceStats,
    leafStats,
    covers,
    headingRanks,
    sentenceFlags,
    termUnits: unitMajor,
    // Leaves come first in stored order: the leaves' holders are the first of each term's.
    termNodes: nodeMajor.below(leafCount(nodes)),
  };
}

