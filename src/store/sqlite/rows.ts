/**
 * Rows of the SQLite store and their encoding: spans as a flat JSON array of offsets
 * (`[start0, end0, start1, end1, ...]`), page lists and metadata as JSON. What comes back from
 * the file is parsed with zod, so a damaged row is an `E_STORE` error, not a wrong answer.
 */
import { z } from "zod";
import { StoreError } from "../../core/errors.js";
import { asDocId, asNodeId } from "../../core/ids.js";
import type { DocumentRecord, DocumentSummary, GraphNode, Span } from "../../core/types.js";

export interface DocumentRow {
  doc_id: string;
  title: string;
  source: string;
  text: string;
  hash: string;
  tokens: number;
  chars: number;
  page_starts: string | null;
  meta: string | null;
  created_at: string;
}

export interface SummaryRow {
  doc_id: string;
  title: string;
  source: string;
  hash: string;
  tokens: number;
  chars: number;
  created_at: string;
  nodes: number;
  levels: number;
}

export interface NodeRow {
  node_id: string;
  doc_id: string;
  level: number;
  ordinal: number;
  text: string;
  tokens: number;
  spans: string;
  pages: string | null;
  made_by: string;
  meta: string | null;
}

const OFFSETS = z.array(z.number().int().nonnegative());

function parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoreError("E_STORE", `the store is corrupt: ${what} is not JSON`, { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoreError("E_STORE", `the store is corrupt: ${what} has the wrong shape`);
  return parsed.data;
}

/**
 * A JSON object (metadata), checked by hand: every node of a question's documents is read, and
 * a zod record copied each one's metadata. The parsed object is returned as JSON.parse made it.
 */
function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoreError("E_STORE", `the store is corrupt: ${what} is not JSON`, { cause: error });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new StoreError("E_STORE", `the store is corrupt: ${what} has the wrong shape`);
  }
  return value as Record<string, unknown>;
}

/** `encodeSpans([])`: how the store writes a node without verbatim spans (an abstractive one). */
export const EMPTY_SPANS = "[]";

/** `[{start: 0, end: 5}]` → `"[0,5]"`. */
export function encodeSpans(spans: readonly Span[]): string {
  const flat: number[] = [];
  for (const span of spans) flat.push(span.start, span.end);
  return JSON.stringify(flat);
}

/**
 * A JSON array of integers >= `min`, checked by hand: nodes are read by the thousand per
 * question, and this is the hot part of reading one (zod is kept for metadata).
 */
function parseIntegers(text: string, min: number, what: string): number[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoreError("E_STORE", `the store is corrupt: ${what} is not JSON`, { cause: error });
  }
  if (!Array.isArray(value)) throw new StoreError("E_STORE", `the store is corrupt: ${what} has the wrong shape`);
  for (const item of value as unknown[]) {
    if (typeof item !== "number" || !Number.isSafeInteger(item) || item < min) {
      throw new StoreError("E_STORE", `the store is corrupt: ${what} has the wrong shape`);
    }
  }
  return value as number[];
}

/** `"[0,5]"` → `[{start: 0, end: 5}]`. */
export function decodeSpans(text: string, what: string): Span[] {
  const flat = parseIntegers(text, 0, what);
  if (flat.length % 2 !== 0) throw new StoreError("E_STORE", `the store is corrupt: ${what} has an odd length`);
  const spans: Span[] = [];
  for (let i = 0; i < flat.length; i += 2) spans.push({ start: flat[i] ?? 0, end: flat[i + 1] ?? 0 });
  return spans;
}

/** JSON text of an optional value, `null` when absent. */
export function encodeOptional(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function documentFromRow(row: DocumentRow): DocumentRecord {
  const what = `document ${row.doc_id}`;
  return {
    docId: asDocId(row.doc_id),
    title: row.title,
    text: row.text,
    source: row.source,
    hash: row.hash,
    tokens: row.tokens,
    chars: row.chars,
    createdAt: row.created_at,
    ...(row.page_starts !== null ? { pageStarts: parseJson(OFFSETS, row.page_starts, `pageStarts of ${what}`) } : {}),
    ...(row.meta !== null ? { meta: parseObject(row.meta, `meta of ${what}`) } : {}),
  };
}

export function summaryFromRow(row: SummaryRow): DocumentSummary {
  return {
    docId: asDocId(row.doc_id),
    title: row.title,
    source: row.source,
    hash: row.hash,
    tokens: row.tokens,
    chars: row.chars,
    nodes: row.nodes,
    levels: row.levels,
    createdAt: row.created_at,
  };
}

export function nodeFromRow(row: NodeRow): GraphNode {
  return makeNode(row.node_id, row.doc_id, row.level, row.ordinal, row.text, row.tokens, row.spans, row.pages, row.made_by, row.meta);
}

/**
 * A node row as an array in the order of the store's node columns less the document's id (a raw
 * statement's row over one document); the text may be the text's UTF-8 bytes (a leaf's, as a
 * question reads them).
 */
export type NodeValues = [
  nodeId: string,
  level: number,
  ordinal: number,
  text: string | Buffer,
  tokens: number,
  spans: string,
  pages: string | null,
  madeBy: string,
  meta: string | null,
];

/**
 * `nodeFromRow` of a raw row of document `docId` (drivers make an array faster than an object with
 * named fields).
 * When the text comes as UTF-8 bytes, the node's `text` is an own,
 * enumerable property decoded on first read (spread, `JSON.stringify` and equality see a plain
 * node). A question over 16 filings reads about 12,000 node rows whose leaf texts are 82% of
 * their characters, and reads a few dozen of those leaves; making every text a string was the
 * largest part of the read.
 */
export function nodeFromValues(docId: string, v: NodeValues): GraphNode {
  const text = v[3];
  if (typeof text === "string") return makeNode(v[0], docId, v[1], v[2], text, v[4], v[5], v[6], v[7], v[8]);
  const node = makeNode(v[0], docId, v[1], v[2], "", v[4], v[5], v[6], v[7], v[8]);
  // One shared getter and a symbol-keyed slot: every such node keeps one hidden class.
  Object.defineProperty(node, HELD_TEXT, { value: text, writable: true });
  return Object.defineProperty(node, "text", { get: heldText, enumerable: true });
}

/** A lazily decoded node's text: its UTF-8 bytes until first read, then the string. */
const HELD_TEXT = Symbol("held text");

function heldText(this: { [HELD_TEXT]: string | Buffer }): string {
  const held = this[HELD_TEXT];
  if (typeof held === "string") return held;
  const text = held.toString("utf8");
  this[HELD_TEXT] = text;
  return text;
}

function makeNode(
  nodeId: string,
  docId: string,
  level: number,
  ordinal: number,
  text: string,
  tokens: number,
  spans: string,
  pages: string | null,
  madeBy: string,
  meta: string | null,
): GraphNode {
  const what = `node ${nodeId}`;
  return {
    nodeId: asNodeId(nodeId),
    docId: asDocId(docId),
    level,
    ordinal,
    text,
    tokens,
    spans: decodeSpans(spans, `spans of ${what}`),
    ...(pages !== null ? { pages: parseIntegers(pages, 1, `pages of ${what}`) } : {}),
    madeBy,
    ...(meta !== null ? { meta: parseObject(meta, `meta of ${what}`) } : {}),
  };
}
