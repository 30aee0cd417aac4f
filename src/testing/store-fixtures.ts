/**
 * Documents and graphs for store tests: a small hand-shaped document with every optional field,
 * and deterministic generated documents of any size (seeded text, leaves with their spans,
 * levels of information points with overlapping windows and weights that sum to 1).
 */
import { asDocId, nodeIdOf, type DocId } from "../core/ids.js";
import type { DocumentGraph, DocumentRecord, GraphEdge, GraphNode, Span } from "../core/types.js";
import { seededRandom as random } from "../core/random.js";
import { pushAll } from "../core/arrays.js";

/** A document with its graph, as a put takes them. */
export interface StoreFixture {
  readonly doc: DocumentRecord;
  readonly graph: DocumentGraph;
}


const SYLLABLES = ["ka", "lo", "mi", "ter", "van", "du", "sel", "or", "pin", "qua", "ri", "zen", "bor", "tul"];

/** Seeded text of about `chars` characters, in sentences, from a vocabulary of made-up words. */
export function seededText(seed: number, chars: number): string {
  const next = random(seed);
  const words: string[] = [];
  for (let i = 0; i < 1500; i++) {
    let word = "";
    const n = 2 + Math.floor(next() * 3);
    for (let j = 0; j < n; j++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)] ?? "";
    words.push(word);
  }
  let text = "";
  while (text.length < chars) {
    const length = 6 + Math.floor(next() * 14);
    const sentence: string[] = [];
    // Zipf-like: low indexes are common.
    for (let i = 0; i < length; i++) sentence.push(words[Math.floor(words.length * next() ** 3)] ?? "ka");
    const first = sentence.join(" ");
    text += `${first.charAt(0).toUpperCase()}${first.slice(1)}. `;
  }
  return text.trimEnd();
}

/** A document record around `text`. */
export function makeDocument(
  docId: string,
  text: string,
  extra: Partial<Omit<DocumentRecord, "docId" | "text">> = {},
): DocumentRecord {
  return {
    docId: asDocId(docId),
    title: `Title of ${docId}`,
    source: `${docId}.txt`,
    hash: `hash-${docId}`,
    tokens: Math.ceil(text.length / 4),
    chars: text.length,
    createdAt: "2025-01-01T00:00:00.000Z",
    ...extra,
    text,
  };
}

export interface GeneratedGraphOptions {
  /** Characters per leaf (leaves end at a sentence end past this size). */
  readonly leafChars: number;
  /** Inputs per information point. */
  readonly fanout: number;
  /** How far consecutive windows move (less than `fanout` makes them overlap). */
  readonly stride: number;
}

function leafSpans(text: string, leafChars: number): Span[] {
  const spans: Span[] = [];
  let start = 0;
  while (start < text.length) {
    const dot = text.indexOf(". ", start + leafChars);
    const end = dot < 0 ? text.length : dot + 1;
    spans.push({ start, end });
    start = end + 1;
  }
  return spans;
}

/**
 * A whole hierarchy over a document: leaves, then levels of extractive information points
 * (each quotes the first sentence of its first input) until one node is left.
 */
export function generateGraph(doc: DocumentRecord, options: GeneratedGraphOptions): DocumentGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let level: GraphNode[] = leafSpans(doc.text, options.leafChars).map((span, ordinal) => ({
    nodeId: nodeIdOf(doc.docId, 0, ordinal),
    docId: doc.docId,
    level: 0,
    ordinal,
    text: doc.text.slice(span.start, span.end),
    tokens: Math.ceil((span.end - span.start) / 4),
    spans: [span],
    madeBy: "leaf",
  }));
  pushAll(nodes, level);
  for (let l = 1; level.length > 1; l++) {
    const next: GraphNode[] = [];
    for (let from = 0; from < level.length; from += options.stride) {
      const window = level.slice(from, from + options.fanout);
      const first = window[0]?.spans[0] ?? { start: 0, end: 0 };
      const dot = doc.text.indexOf(".", first.start);
      const quote = { start: first.start, end: dot < 0 || dot >= first.end ? first.end : dot + 1 };
      const ip: GraphNode = {
        nodeId: nodeIdOf(doc.docId, l, next.length),
        docId: doc.docId,
        level: l,
        ordinal: next.length,
        text: doc.text.slice(quote.start, quote.end),
        tokens: Math.ceil((quote.end - quote.start) / 4),
        spans: [quote],
        madeBy: "lexrank",
        meta: { window: window.length },
      };
      next.push(ip);
      for (const child of window) {
        edges.push({ parent: ip.nodeId, child: child.nodeId, weight: 1 / window.length, madeBy: "alignment" });
      }
      if (from + options.fanout >= level.length) break;
    }
    pushAll(nodes, next);
    level = next;
  }
  return { nodes, edges };
}

/** A generated document of about `chars` characters with its hierarchy. */
export function generatedFixture(
  docId: string,
  seed: number,
  chars: number,
  options: GeneratedGraphOptions = { leafChars: 400, fanout: 4, stride: 2 },
  extra: Partial<Omit<DocumentRecord, "docId" | "text">> = {},
): StoreFixture {
  const doc = makeDocument(docId, seededText(seed, chars), extra);
  return { doc, graph: generateGraph(doc, options) };
}

const SAMPLE_SENTENCES = [
  "The contracts were terminated in March.",
  "Both parties signed the settlement on the same day.",
  "A contract for the bridge was awarded to the lowest bidder.",
  "Payments stopped when the contractor left the site.",
];

/**
 * A small document with every optional field: pages, metadata, a leaf on two pages, an
 * extractive IP with two spans, an abstractive IP with none, and a top node.
 */
export function sampleFixture(docId: string, extra: Partial<Omit<DocumentRecord, "docId" | "text">> = {}): StoreFixture {
  const text = SAMPLE_SENTENCES.join(" ");
  const id: DocId = asDocId(docId);
  const starts: number[] = [];
  let at = 0;
  for (const sentence of SAMPLE_SENTENCES) {
    starts.push(at);
    at += sentence.length + 1;
  }
  const span = (i: number): Span => {
    const start = starts[i] ?? 0;
    return { start, end: start + (SAMPLE_SENTENCES[i]?.length ?? 0) };
  };
  const doc = makeDocument(docId, text, {
    pageStarts: [0, starts[2] ?? 0],
    meta: { lang: "en", tags: ["legal", "bridge"], nested: { depth: 2, ok: true, none: null } },
    ...extra,
  });
  const leaf = (ordinal: number, spans: Span[], pages: number[]): GraphNode => ({
    nodeId: nodeIdOf(id, 0, ordinal),
    docId: id,
    level: 0,
    ordinal,
    text: text.slice(spans[0]?.start ?? 0, spans[spans.length - 1]?.end ?? 0),
    tokens: 12,
    spans,
    pages,
    madeBy: "leaf",
  });
  const leaves = [
    leaf(0, [{ start: span(0).start, end: span(1).end }], [1]),
    leaf(1, [{ start: span(2).start, end: span(3).end }], [2]),
  ];
  const extractive: GraphNode = {
    nodeId: nodeIdOf(id, 1, 0),
    docId: id,
    level: 1,
    ordinal: 0,
    text: `${text.slice(span(0).start, span(0).end)} ${text.slice(span(2).start, span(2).end)}`,
    tokens: 20,
    spans: [span(0), span(2)],
    pages: [1, 2],
    madeBy: "lexrank",
    meta: { score: 0.75 },
  };
  const abstractive: GraphNode = {
    nodeId: nodeIdOf(id, 1, 1),
    docId: id,
    level: 1,
    ordinal: 1,
    text: "Work on the bridge contract ended after payment stopped.",
    tokens: 11,
    spans: [],
    madeBy: "llm:test",
  };
  const top: GraphNode = {
    nodeId: nodeIdOf(id, 2, 0),
    docId: id,
    level: 2,
    ordinal: 0,
    text: "A terminated bridge contract.",
    tokens: 5,
    spans: [],
    madeBy: "llm:test",
  };
  const [leaf0, leaf1] = leaves as [GraphNode, GraphNode];
  const edges: GraphEdge[] = [
    { parent: extractive.nodeId, child: leaf0.nodeId, weight: 0.625, madeBy: "alignment" },
    { parent: extractive.nodeId, child: leaf1.nodeId, weight: 0.375, madeBy: "alignment" },
    { parent: abstractive.nodeId, child: leaf0.nodeId, weight: 0.1, madeBy: "attribution" },
    { parent: abstractive.nodeId, child: leaf1.nodeId, weight: 0.9, madeBy: "attribution" },
    { parent: top.nodeId, child: extractive.nodeId, weight: 1 / 3, madeBy: "alignment" },
    { parent: top.nodeId, child: abstractive.nodeId, weight: 2 / 3, madeBy: "alignment" },
  ];
  return { doc, graph: { nodes: [...leaves, extractive, abstractive, top], edges } };
}
