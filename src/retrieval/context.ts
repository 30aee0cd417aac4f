/**
 * How read units are shown to a model: numbered passages, grouped by document and kept in
 * document order (DOS RAG: retrieved text in its original order reads better than in score
 * order), each labelled with its document's title and page.
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

/** The passages as prompt text: `[n] (title, p. 3) text`. */
export function formatPassages(passages: readonly NumberedPassage[]): string {
  return passages
    .map((p) => {
      const page = p.unit.pages && p.unit.pages.length > 0 ? `, p. ${p.unit.pages[0]}` : "";
      return `[${p.number}] (${p.title}${page}) ${p.unit.text.replace(/\s+/g, " ").trim()}`;
    })
    .join("\n");
}
