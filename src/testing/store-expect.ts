/**
 * Assertions shared by the store conformance suite: an error with one of some codes, and a
 * snapshot of everything a store shows, to prove that a failed call changed nothing.
 */
import { expect } from "vitest";
import { isPecanError, type ErrorCode } from "../core/errors.js";
import type { DocumentRecord, DocumentSummary, GraphEdge, GraphNode } from "../core/types.js";
import type { LexicalStats, Posting, Store } from "../store/spec.js";

/** Expects `run` to throw (or reject with) a PecanError whose code is one of `codes`. */
export async function expectStoreError(run: () => unknown, codes: readonly ErrorCode[]): Promise<void> {
  let error: unknown;
  try {
    await run();
  } catch (caught) {
    error = caught;
  }
  expect(isPecanError(error), `expected a PecanError, got ${String(error)}`).toBe(true);
  if (isPecanError(error)) expect(codes).toContain(error.code);
}

export interface StoreSnapshot {
  readonly docs: {
    summary: DocumentSummary;
    record: DocumentRecord | undefined;
    nodes: GraphNode[];
    edges: GraphEdge[];
  }[];
  readonly stats: LexicalStats;
  readonly postings: Posting[][];
}

/** Everything the store shows: documents, their graphs, corpus statistics, postings of `terms`. */
export async function snapshot(store: Store, terms: readonly string[]): Promise<StoreSnapshot> {
  const docs: StoreSnapshot["docs"] = [];
  for (const summary of await store.listDocuments()) {
    docs.push({
      summary,
      record: await store.getDocument(summary.docId),
      nodes: await store.getNodes(summary.docId),
      edges: await store.getEdges(summary.docId),
    });
  }
  const postings: Posting[][] = [];
  for (const term of terms) postings.push(sortPostings(await store.postings(term)));
  return { docs, stats: await store.lexicalStats(), postings };
}

/** Postings in node id order, to compare sets whatever order a store returns. */
export function sortPostings(postings: readonly Posting[]): Posting[] {
  return [...postings].sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
}

