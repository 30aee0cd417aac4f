/**
 * The JSON shapes the server answers with: the same as the CLI's `--json` output
 * (PECAN.md section 6), so a script can switch between `pecan ask --json` and `POST /ask`.
 */
import type { DocumentRecord, DocumentSummary } from "../index.js";

export { askJson, inspectJson, ingestJson } from "../index.js";

/** One row of `GET /documents`: the `list --json` fields plus where it came from and when. */
export function summaryJson(d: DocumentSummary): unknown {
  return {
    docId: d.docId,
    title: d.title,
    tokens: d.tokens,
    nodes: d.nodes,
    levels: d.levels,
    chars: d.chars,
    source: d.source,
    createdAt: d.createdAt,
  };
}

/** `GET /documents/:id`: the document's fields, its graph's size, and its whole normalised text. */
export function documentJson(d: DocumentRecord, summary?: DocumentSummary): unknown {
  return {
    docId: d.docId,
    title: d.title,
    source: d.source,
    tokens: d.tokens,
    chars: d.chars,
    ...(summary ? { nodes: summary.nodes, levels: summary.levels } : {}),
    hash: d.hash,
    createdAt: d.createdAt,
    ...(d.pageStarts && d.pageStarts.length > 0 ? { pageStarts: d.pageStarts } : {}),
    text: d.text,
  };
}
