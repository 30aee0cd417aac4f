/**
 * What both stores do before they write a document: validate the whole input (so a put is all
 * or nothing), copy it (so later changes by the caller do not reach the store), and compute the
 * lexical postings of every node with `core/analyze`.
 */
import { termFrequencies } from "../core/analyze.js";
import { PecanError } from "../core/errors.js";
import { asDocId, asNodeId, type NodeId } from "../core/ids.js";
import type { DocumentGraph, DocumentRecord, GraphEdge, GraphNode, Span } from "../core/types.js";

/** A node ready to be written, with its analyzed terms. */
export interface PreparedNode {
  readonly node: GraphNode;
  /** Term frequencies of the node's text. */
  readonly terms: ReadonlyMap<string, number>;
  /** Number of analyzed terms of the node's text (the sum of `terms`). */
  readonly length: number;
}

/** Node count and summed lengths of one level of a document. */
export interface LevelStat {
  readonly level: number;
  readonly nodes: number;
  readonly totalLength: number;
}

/** A validated, copied document with its graph. Nodes are ordered by level then ordinal. */
export interface PreparedDocument {
  readonly doc: DocumentRecord;
  readonly nodes: readonly PreparedNode[];
  /** Edges in the caller's order. */
  readonly edges: readonly GraphEdge[];
  /** Ordered by level. */
  readonly levels: readonly LevelStat[];
}

function invalid(message: string): PecanError {
  return new PecanError("E_INTERNAL", `invalid document for the store: ${message}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(value: unknown, what: string, options: { nonEmpty?: boolean } = {}): string {
  if (typeof value !== "string") throw invalid(`${what} is not a string`);
  if (options.nonEmpty === true && value.length === 0) throw invalid(`${what} is empty`);
  // SQLite stores UTF-8: a lone surrogate would not come back as it went in.
  if (LONE_SURROGATE.test(value)) throw invalid(`${what} is not well-formed Unicode`);
  return value;
}

function checkCount(value: unknown, what: string, min = 0): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${what} is not an integer >= ${min}`);
  }
  return value;
}

/**
 * A JSON copy of a metadata object: both stores keep exactly what JSON keeps.
 * @example jsonCopy({ a: 1, b: undefined }, "meta") // { a: 1 }
 */
export function jsonCopy(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${what} is not an object`);
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new PecanError("E_INTERNAL", `invalid document for the store: ${what} is not JSON`, { cause: error });
  }
  return JSON.parse(text) as Record<string, unknown>;
}

function copyDocument(doc: DocumentRecord): DocumentRecord {
  const docId = asDocId(checkString(doc.docId, "docId", { nonEmpty: true }));
  const text = checkString(doc.text, `text of ${docId}`);
  let pageStarts: number[] | undefined;
  if (doc.pageStarts !== undefined) {
    if (!Array.isArray(doc.pageStarts)) throw invalid(`pageStarts of ${docId} is not an array`);
    pageStarts = doc.pageStarts.map((start, i) => checkCount(start, `pageStarts[${i}] of ${docId}`));
    pageStarts.forEach((start, i) => {
      if (i === 0 ? start !== 0 : start < (pageStarts?.[i - 1] ?? 0)) {
        throw invalid(`pageStarts of ${docId} must start at 0 and never decrease`);
      }
      if (start > text.length) throw invalid(`pageStarts of ${docId} point past the text`);
    });
  }
  const copy: DocumentRecord = {
    docId,
    title: checkString(doc.title, `title of ${docId}`),
    text,
    source: checkString(doc.source, `source of ${docId}`),
    hash: checkString(doc.hash, `hash of ${docId}`),
    tokens: checkCount(doc.tokens, `tokens of ${docId}`),
    chars: checkCount(doc.chars, `chars of ${docId}`),
    createdAt: checkString(doc.createdAt, `createdAt of ${docId}`),
    ...(pageStarts !== undefined ? { pageStarts } : {}),
    ...(doc.meta !== undefined ? { meta: jsonCopy(doc.meta, `meta of ${docId}`) } : {}),
  };
  return copy;
}

function copySpans(spans: unknown, textLength: number, what: string): Span[] {
  if (!Array.isArray(spans)) throw invalid(`spans of ${what} is not an array`);
  return spans.map((span: unknown, i) => {
    if (typeof span !== "object" || span === null) throw invalid(`span ${i} of ${what} is not an object`);
    const { start, end } = span as Partial<Span>;
    checkCount(start, `span ${i} start of ${what}`);
    checkCount(end, `span ${i} end of ${what}`);
    const s = start as number;
    const e = end as number;
    if (s > e || e > textLength) throw invalid(`span ${i} [${s}, ${e}) of ${what} is not within the document`);
    return { start: s, end: e };
  });
}

function copyNode(node: GraphNode, doc: DocumentRecord): GraphNode {
  const nodeId = asNodeId(checkString(node.nodeId, "a nodeId", { nonEmpty: true }));
  if (node.docId !== doc.docId) throw invalid(`node ${nodeId} belongs to ${String(node.docId)}, not ${doc.docId}`);
  let pages: number[] | undefined;
  if (node.pages !== undefined) {
    if (!Array.isArray(node.pages)) throw invalid(`pages of ${nodeId} is not an array`);
    pages = node.pages.map((page, i) => checkCount(page, `page ${i} of ${nodeId}`, 1));
  }
  return {
    nodeId,
    docId: doc.docId,
    level: checkCount(node.level, `level of ${nodeId}`),
    ordinal: checkCount(node.ordinal, `ordinal of ${nodeId}`),
    text: checkString(node.text, `text of ${nodeId}`),
    tokens: checkCount(node.tokens, `tokens of ${nodeId}`),
    spans: copySpans(node.spans, doc.text.length, nodeId),
    ...(pages !== undefined ? { pages } : {}),
    madeBy: checkString(node.madeBy, `madeBy of ${nodeId}`),
    ...(node.meta !== undefined ? { meta: jsonCopy(node.meta, `meta of ${nodeId}`) } : {}),
  };
}

function copyEdge(edge: GraphEdge, nodeIds: ReadonlySet<NodeId>, seen: Map<NodeId, Set<NodeId>>): GraphEdge {
  const { parent, child, weight } = edge;
  if (!nodeIds.has(parent)) throw invalid(`edge parent ${String(parent)} is not a node of the document`);
  if (!nodeIds.has(child)) throw invalid(`edge child ${String(child)} is not a node of the document`);
  if (parent === child) throw invalid(`edge from ${parent} to itself`);
  // Children seen per parent (a JSON key per edge was a fiftieth of a model-free ingest).
  let children = seen.get(parent);
  if (children === undefined) seen.set(parent, (children = new Set()));
  if (children.has(child)) throw invalid(`duplicate edge ${parent} -> ${child}`);
  children.add(child);
  if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
    throw invalid(`edge ${parent} -> ${child} has weight ${String(weight)}, not a finite number >= 0`);
  }
  return { parent, child, weight, madeBy: checkString(edge.madeBy, `madeBy of edge ${parent} -> ${child}`) };
}

/**
 * Validates and copies a document with its graph, and computes its postings. Throws a
 * `PecanError` with code `E_INTERNAL` (a caller's bug) on the first problem: a node of another
 * document, a duplicate node id or position, an edge whose end is not in the graph, a span
 * outside the text, a weight that is not a finite number >= 0, metadata that is not JSON.
 * `frequenciesOf` is `termFrequencies` or a memo of it shared with the document's build (ingest
 * has analysed every node's text already for its question-time data).
 * @example prepareDocument(doc, { nodes, edges }).nodes[0]?.terms.get("contract") // 2
 */
export function prepareDocument(
  doc: DocumentRecord,
  graph: DocumentGraph,
  frequenciesOf: (text: string) => ReadonlyMap<string, number> = termFrequencies,
): PreparedDocument {
  const docCopy = copyDocument(doc);
  const nodeIds = new Set<NodeId>();
  const positions = new Set<string>();
  const nodes: PreparedNode[] = graph.nodes.map((input) => {
    const node = copyNode(input, docCopy);
    if (nodeIds.has(node.nodeId)) throw invalid(`duplicate node id ${node.nodeId}`);
    nodeIds.add(node.nodeId);
    const position = `${node.level}.${node.ordinal}`;
    if (positions.has(position)) throw invalid(`two nodes at level ${node.level}, ordinal ${node.ordinal}`);
    positions.add(position);
    const terms = frequenciesOf(node.text);
    let length = 0;
    for (const tf of terms.values()) length += tf;
    return { node, terms, length };
  });
  nodes.sort((a, b) => a.node.level - b.node.level || a.node.ordinal - b.node.ordinal);
  const seen = new Map<NodeId, Set<NodeId>>();
  const edges = graph.edges.map((edge) => copyEdge(edge, nodeIds, seen));
  const levels: LevelStat[] = [];
  for (const { node, length } of nodes) {
    const last = levels[levels.length - 1];
    if (last?.level === node.level) {
      levels[levels.length - 1] = { level: last.level, nodes: last.nodes + 1, totalLength: last.totalLength + length };
    } else {
      levels.push({ level: node.level, nodes: 1, totalLength: length });
    }
  }
  return { doc: docCopy, nodes, edges, levels };
}

/**
 * Compares strings by Unicode code point, which is the order SQLite's BINARY collation gives
 * UTF-8 text; plain `<` compares UTF-16 code units and differs above U+FFFF.
 * @example compareCodePoints("\u{1F600}", "\uFFFD") // 1
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
