/**
 * The packed form of the SQLite store's edges (schema version 5): one row per document, whose
 * `data` blob lists every edge of the document as `parent, child, weight, made_by`: the two ends
 * as positions in the document's node order (level, then ordinal: the order of `getNodes`),
 * little-endian unsigned 32-bit words, the weight as a little-endian 64-bit float (the REAL it
 * was), and its `made_by` as a 16-bit index into the row's `made_by` list (a JSON array of
 * strings). Edges are stored ordered by parent then child, the order `getEdges` returns.
 *
 * A row per edge (version 4) made the edges the largest table by rows: about a million for the
 * 308 documents of the dev collection, each inserted into two B-trees (the primary key and the
 * index on `child`), 46 MB of pages and about a tenth of a model-free ingest's CPU. No question
 * reads an edge alone: the graph is read whole, per document.
 */
import { StoreError } from "../../core/errors.js";

/** Bytes per edge: parent and child positions (u32), weight (f64), made_by index (u16). */
const EDGE_BYTES = 18;

/** An edge between two nodes of a document, by their positions in its node order. */
export interface PositionEdge {
  readonly parent: number;
  readonly child: number;
  readonly weight: number;
  readonly madeBy: string;
}

/** One document's packed edges: the blob and its `made_by` list (JSON). */
export interface PackedEdges {
  readonly data: Buffer;
  readonly madeBy: string;
}

function corrupt(what: string): StoreError {
  return new StoreError("E_STORE", `the store is corrupt: ${what}`);
}

/**
 * Packs one document's edges, ordered by parent then child position (any order given).
 * @example packEdges([{ parent: 3, child: 0, weight: 1, madeBy: "alignment" }]).data.byteLength // 18
 */
export function packEdges(edges: readonly PositionEdge[]): PackedEdges {
  const order = Array.from({ length: edges.length }, (_, k) => k);
  let sorted = true;
  for (let k = 1; k < edges.length && sorted; k++) sorted = compare(edges[k - 1]!, edges[k]!) < 0;
  if (!sorted) order.sort((a, b) => compare(edges[a]!, edges[b]!));
  const names: string[] = [];
  const index = new Map<string, number>();
  const out = Buffer.allocUnsafe(edges.length * EDGE_BYTES);
  let at = 0;
  for (const k of order) {
    const edge = edges[k]!;
    let name = index.get(edge.madeBy);
    if (name === undefined) {
      if (names.length > 0xffff) throw new StoreError("E_STORE", "a document's edges have more than 65,536 distinct makers");
      index.set(edge.madeBy, (name = names.length));
      names.push(edge.madeBy);
    }
    out.writeUInt32LE(edge.parent, at);
    out.writeUInt32LE(edge.child, at + 4);
    out.writeDoubleLE(edge.weight, at + 8);
    out.writeUInt16LE(name, at + 16);
    at += EDGE_BYTES;
  }
  return { data: out, madeBy: JSON.stringify(names) };
}

function compare(a: PositionEdge, b: PositionEdge): number {
  return a.parent - b.parent || a.child - b.child;
}

/**
 * Calls `visit` for each edge of a packed row, in stored order. A blob that is not a whole
 * number of edges, a `made_by` list that is not an array of strings, or an index past it is
 * `E_STORE` (a damaged store).
 */
export function forEachEdge(
  data: Uint8Array,
  madeBy: string,
  visit: (parent: number, child: number, weight: number, madeBy: string) => void,
): void {
  if (data.byteLength % EDGE_BYTES !== 0) throw corrupt("an edges blob has a partial entry");
  let names: unknown;
  try {
    names = JSON.parse(madeBy);
  } catch {
    throw corrupt("an edges row's made_by list is not JSON");
  }
  if (!Array.isArray(names) || !names.every((name) => typeof name === "string")) throw corrupt("an edges row's made_by list is not a list of names");
  // The driver's buffers may start at any byte offset, so the words are read through a view.
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < data.byteLength; at += EDGE_BYTES) {
    const name = (names as string[])[view.getUint16(at + 16, true)];
    if (name === undefined) throw corrupt("an edge's maker is not in its row's made_by list");
    visit(view.getUint32(at, true), view.getUint32(at + 4, true), view.getFloat64(at + 8, true), name);
  }
}
