/**
 * How read units are shown to a model: numbered passages, grouped by document and kept in
 * document order (DOS RAG: retrieved text in its original order reads better than in score
 * order), under their document's title, with the page where it changes.
 */
import type { ReadingUnit } from "./units.js";

export interface NumberedPassage {
  /** 1-based number used in citation markers. */
  readonly number: number;
  readonly unit: ReadingUnit;
  readonly title: string;
}

/** Numbers the units: by document (first read first), then by position in the document. */
export function numberPassages(items: readonly { readonly unit: ReadingUnit; readonly title: string }[]): NumberedPassage[] {
  const docOrder = new Map<string, number>();
  items.forEach(({ unit }) => {
    if (!docOrder.has(unit.docId)) docOrder.set(unit.docId, docOrder.size);
  });
  const position = (u: ReadingUnit): number => u.spans[0]?.start ?? Number.MAX_SAFE_INTEGER;
  return [...items]
    .map((item, i) => ({ ...item, i }))
    .sort(
      (a, b) =>
        docOrder.get(a.unit.docId)! - docOrder.get(b.unit.docId)! ||
        position(a.unit) - position(b.unit) ||
        b.unit.level - a.unit.level ||
        a.i - b.i,
    )
    .map((item, k) => ({ number: k + 1, unit: item.unit, title: item.title }));
}

/**
 * The passages as prompt text: each document's title once, on a line of its own, then its
 * passages `[n] text`, with `(p. 3)` where the page changes. Labelling every passage with its
 * title cost more than the text itself for tables read cell by cell (docs/llm-cost.md).
 * @example
 * // Document: Annual report 2017
 * // [1] (p. 43) Total revenue
 * // [2] $ 7,301.5
 */
export function formatPassages(passages: readonly NumberedPassage[]): string {
  const lines: string[] = [];
  let doc: string | undefined;
  let page: number | undefined;
  for (const p of passages) {
    if (p.unit.docId !== doc) {
      doc = p.unit.docId;
      page = undefined;
      lines.push(`Document: ${p.title.replace(/\s+/g, " ").trim()}`);
    }
    const first = p.unit.pages?.[0];
    const label = first !== undefined && first !== page ? `(p. ${first}) ` : "";
    page = first ?? page;
    lines.push(`[${p.number}] ${label}${p.unit.text.replace(/\s+/g, " ").trim()}`);
  }
  return lines.join("\n");
}
