/**
 * The sentences of what the walk read, each a verbatim range of its document: a leaf sentence
 * unit is one; each quoted span of an extractive information point is split into its
 * sentences. Abstractive points (no spans) quote nothing and give none.
 */
import type { Citation } from "./citations.js";
import type { ReaderItem } from "./reader.js";
import { splitSentences } from "../ingest/sentences.js";
import { isStopWord, joinWord, stem, WORD_PATTERN } from "../core/analyze.js";
import { sentenceKind, type SentenceKind } from "./sentence-kind.js";

export interface ReadSentence {
  /** Index of the item (read unit) it came from. */
  readonly item: number;
  /** Offset of the sentence in the unit's text. */
  readonly offset: number;
  readonly text: string;
  /** Its citation: the document's range and text. */
  readonly citation: Citation;
  readonly relevance: number;
  readonly kind: SentenceKind;
  /** Word tokens: offset in `text`, end, and the analysed term (undefined for stop words). */
  readonly words: readonly { readonly start: number; readonly end: number; readonly term: string | undefined }[];
}

export function wordsOf(text: string): ReadSentence["words"] {
  return [...text.matchAll(WORD_PATTERN)].map((m) => {
    const word = joinWord(m[0]).toLowerCase();
    return { start: m.index, end: m.index + m[0].length, term: isStopWord(word) ? undefined : stem(word) };
  });
}

/** Every read sentence, in reading order. */
export function readSentences(items: readonly ReaderItem[]): ReadSentence[] {
  const out: ReadSentence[] = [];
  items.forEach((item, i) => {
    const unit = item.unit;
    let offset = 0;
    for (const span of unit.spans) {
      const length = span.end - span.start;
      const piece = unit.text.slice(offset, offset + length);
      const parts = unit.level === 0 ? [{ start: 0, end: piece.length }] : splitSentences(piece);
      for (const part of parts) {
        const text = piece.slice(part.start, part.end);
        if (text.trim().length === 0) continue;
        out.push({
          item: i,
          offset: offset + part.start,
          text,
          citation: {
            docId: unit.docId,
            nodeId: unit.nodeId,
            start: span.start + part.start,
            end: span.start + part.end,
            text,
            ...(unit.pages && unit.pages.length > 0 ? { page: unit.pages[0]! } : {}),
          },
          relevance: item.relevance,
          kind: sentenceKind(text),
          words: wordsOf(text),
        });
      }
      offset += length + 1;
    }
  });
  return out;
}
