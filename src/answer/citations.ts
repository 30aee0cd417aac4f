/** Citations: verbatim ranges of a document's text, taken only from what the walk read. */
import type { DocId, NodeId } from "../core/ids.js";
import type { ReadingUnit } from "../retrieval/units.js";

export interface Citation {
  readonly docId: DocId;
  readonly nodeId: NodeId;
  readonly start: number;
  readonly end: number;
  /** The document's text at `[start, end)`, exactly. */
  readonly text: string;
  readonly page?: number;
}

/** One citation per verbatim span of a read unit (none for an abstractive IP). */
export function citationsOf(unit: ReadingUnit): Citation[] {
  const docText = unit.spans.length === 1 ? unit.text : undefined;
  return unit.spans.map((span) => {
    const text = docText ?? sliceOf(unit, span.start, span.end);
    return {
      docId: unit.docId,
      nodeId: unit.nodeId,
      start: span.start,
      end: span.end,
      text,
      ...(unit.pages && unit.pages.length > 0 ? { page: unit.pages[0]! } : {}),
    };
  });
}

/**
 * The text of one span of a multi-span unit. Extractive IPs join their quoted spans with a
 * single space, in order, so each span's text is found by walking the joined text.
 */
function sliceOf(unit: ReadingUnit, start: number, end: number): string {
  let offset = 0;
  for (const span of unit.spans) {
    const length = span.end - span.start;
    if (span.start === start && span.end === end) return unit.text.slice(offset, offset + length);
    offset += length + 1;
  }
  return "";
}
