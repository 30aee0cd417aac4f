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

/**
 * The one rule for document ids, at every entry point (CLI, JSONL, HTTP, MCP): 1 to 128 of
 * A-Z a-z 0-9 . _ -, starting with a letter or digit. Ids are URL path segments, file-name
 * stems and HTML attribute values, so nothing that could be a path (`../x`), markup or a control
 * character passes.
 */
export const DOC_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const DOC_ID_RULE = "a docId is 1-128 of A-Z a-z 0-9 . _ - and starts with a letter or digit";

/**
 * Why `value` is not a valid document id, or undefined when it is.
 * @example docIdProblem("../../etc/passwd") // "a docId is 1-128 of ..."
 */
export function docIdProblem(value: string): string | undefined {
  return DOC_ID_PATTERN.test(value) ? undefined : DOC_ID_RULE;
}

/** `value` for messages: quoted as JSON, control characters escaped, at most 60 characters. */
export function showId(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
