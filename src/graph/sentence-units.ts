/**
 * The candidate sentences of a window for an extractive summarizer. Sentences are split from
 * each node's verbatim document ranges (a leaf's own range; the sentences a lower extractive IP
 * quotes), so every candidate is a verbatim quote of the document. Nodes without ranges
 * (abstractive IPs) contribute their own sentences, which quote no document range. Tiny
 * sentences merge with their neighbour; sentences longer than the cap are cut at word breaks.
 * A unit's tokens are estimated from its node's tokens per character (the node was counted
 * with the real tokenizer): the text is not tokenized a second time; chosen IPs are counted
 * exactly when they become nodes.
 */
import type { Span } from "../core/types.js";
import { splitSentences } from "../ingest/sentences.js";
import type { WindowInput } from "./summarizer.js";
import { pushAll } from "../core/arrays.js";

/** A candidate IP: one sentence (or a few tiny ones, or a piece of a long one). */
export interface SentenceUnit {
  /** Index of the window node it comes from. */
  readonly node: number;
  readonly text: string;
  /** Its document range (one), or none when it comes from an abstractive node. */
  readonly spans: readonly Span[];
  /** Offset within its source (the document, or the node's text): orders units of one node. */
  readonly offset: number;
  /** Estimated tokens (the node's tokens per character times the unit's characters). */
  readonly tokens: number;
}

/** Sizes of candidate units, in (estimated) tokens. */
export interface UnitOptions {
  /** A sentence under this many tokens merges with the next one of the same range. */
  readonly minTokens: number;
  /** A unit over this many tokens is cut at word breaks into pieces of at most about this size. */
  readonly maxTokens: number;
}

interface Range {
  start: number;
  end: number;
  tokens: number;
}

/**
 * The candidate units of a window, in document order.
 * @example windowUnits(window, { minTokens: 6, maxTokens: 120 })
 */
export function windowUnits(window: WindowInput, options: UnitOptions): SentenceUnit[] {
  const units: SentenceUnit[] = [];
  window.nodes.forEach((node, index) => {
    const quoted = node.spans.length > 0;
    const source = quoted ? window.docText : node.text;
    const ranges = quoted ? node.spans : [{ start: 0, end: node.text.length }];
    const chars = ranges.reduce((sum, r) => sum + Math.max(0, r.end - r.start), 0);
    const perChar = chars > 0 ? node.tokens / chars : 0;
    const estimate = (length: number) => Math.max(1, Math.round(length * perChar));
    for (const range of ranges) {
      const sentences: Range[] = [];
      for (const s of splitSentences(source.slice(range.start, range.end))) {
        const start = range.start + s.start;
        const end = range.start + s.end;
        const tokens = estimate(end - start);
        if (tokens > options.maxTokens) pushAll(sentences, cutLong(source, { start, end, tokens }, options.maxTokens, estimate));
        else sentences.push({ start, end, tokens });
      }
      for (const r of mergeTiny(sentences, options)) {
        const text = source.slice(r.start, r.end);
        units.push({ node: index, text, spans: quoted ? [{ start: r.start, end: r.end }] : [], offset: r.start, tokens: r.tokens });
      }
    }
  });
  return units;
}

/** Merges runs of tiny consecutive sentences (only whitespace lies between them). */
function mergeTiny(sentences: readonly Range[], options: UnitOptions): Range[] {
  const out: Range[] = [];
  for (const s of sentences) {
    const last = out[out.length - 1];
    if (last !== undefined && (last.tokens < options.minTokens || s.tokens < options.minTokens) && last.tokens + s.tokens <= options.maxTokens) {
      last.end = s.end;
      last.tokens += s.tokens;
    } else out.push({ ...s });
  }
  return out;
}

/** Cuts a long range at whitespace into trimmed pieces of about `maxTokens` tokens or fewer. */
function cutLong(source: string, range: Range, maxTokens: number, estimate: (length: number) => number): Range[] {
  const charsPerToken = (range.end - range.start) / Math.max(1, range.tokens);
  const target = Math.max(1, Math.floor(maxTokens * charsPerToken * 0.9));
  const pieces: Range[] = [];
  let start = range.start;
  while (start < range.end) {
    let end = Math.min(range.end, start + target);
    if (end < range.end) {
      const breakAt = lastWhitespace(source, start, end);
      if (breakAt > start) end = breakAt;
      else if (isLowSurrogate(source.charCodeAt(end))) end++;
    }
    let trimmedEnd = end;
    while (trimmedEnd > start && /\s/.test(source[trimmedEnd - 1] ?? "")) trimmedEnd--;
    if (trimmedEnd > start) pieces.push({ start, end: trimmedEnd, tokens: estimate(trimmedEnd - start) });
    start = end;
    while (start < range.end && /\s/.test(source[start] ?? "")) start++;
  }
  return pieces;
}

function lastWhitespace(source: string, from: number, to: number): number {
  for (let i = to; i > from; i--) if (/\s/.test(source[i] ?? "")) return i;
  return -1;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
