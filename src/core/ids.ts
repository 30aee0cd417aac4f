/** Branded identifiers: a DocId is never mistaken for a NodeId. */

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A document's id: the JSONL `doc_id`, or derived from the file name. */
export type DocId = Brand<string, "DocId">;
/** A node's id, unique across the store: `${docId}#${level}.${ordinal}`. */
export type NodeId = Brand<string, "NodeId">;

export function asDocId(value: string): DocId {
  return value as DocId;
}

export function asNodeId(value: string): NodeId {
  return value as NodeId;
}

/**
 * The id of the `ordinal`-th node (0-based, left to right) of `level` in a document.
 * @example nodeIdOf(asDocId("report"), 0, 3) // "report#0.3"
 */
export function nodeIdOf(docId: DocId, level: number, ordinal: number): NodeId {
  return `${docId}#${level}.${ordinal}` as NodeId;
}
