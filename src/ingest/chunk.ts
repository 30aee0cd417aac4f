/**
 * Leaves, the PECAN method's level 0 (Wang et al., ACL Findings 2025, §3.1; design §1 step 2):
 * whole sentences packed greedily into chunks of about `maxTokens` o200k tokens, never across
 * documents. Sentences are counted once; a packed leaf's exact count (token counts are not
 * simply additive) is made from its sentences' counts and a recount of the words at each joint
 * (`joinedTokens`), which confirms the limit. A sentence over the limit is cut at
 * whitespace, or inside a run without whitespace when it must. Past `paragraphFill` of the
 * limit, a leaf ends at the next paragraph break, so leaves follow the author's structure.
 */
import { nodeIdOf, type DocId } from "../core/ids.js";
import type { GraphNode, Span } from "../core/types.js";
import { isWhitespaceCode, splitSentences } from "./sentences.js";
import { countTokens, joinedTokens } from "./tokens.js";

export interface ChunkOptions {
  /** Largest leaf in o200k tokens (only a single unbreakable character may exceed it). */
  readonly maxTokens: number;
  /** Share of `maxTokens` past which a leaf ends at the next paragraph break (blank line). */
  readonly paragraphFill: number;
}

/** Named defaults of {@link buildLeaves}. */
export const DEFAULT_CHUNK: ChunkOptions = Object.freeze({ maxTokens: 300, paragraphFill: 0.6 });

/** The text a leaf is made from. */
export interface LeafSource {
  readonly docId: DocId;
  readonly text: string;
  /** Start offsets of pages 1..n, when the document has pages. */
  readonly pageStarts?: readonly number[];
}

/** A sentence, or a piece of one, with its token count. */
interface Unit {
  readonly start: number;
  readonly end: number;
  readonly tokens: number;
}

/**
 * Splits a document into leaves (level-0 nodes). Each leaf's `text` is exactly
 * `doc.text.slice(spans[0].start, spans[0].end)`, trimmed, and leaves cover every
 * non-whitespace character of the document once, in order.
 * @example
 * const leaves = buildLeaves({ docId: asDocId("memo"), text }, { maxTokens: 200 });
 * `tokensOf` counts a text (a per-document memo of `countTokens` saves recounting sentences);
 * `sentences` are `splitSentences(doc.text)`, when the caller has them already.
 * leaves[0].nodeId // "memo#0.0"
 */
export function buildLeaves(
  doc: LeafSource,
  options: Partial<ChunkOptions> = {},
  tokensOf: (text: string) => number = countTokens,
  sentences: readonly Span[] = splitSentences(doc.text),
): GraphNode[] {
  const maxTokens = Math.max(1, Math.floor(options.maxTokens ?? DEFAULT_CHUNK.maxTokens));
  const fill = (options.paragraphFill ?? DEFAULT_CHUNK.paragraphFill) * maxTokens;
  const { text } = doc;
  const units: Unit[] = [];
  for (const sentence of sentences) {
    const tokens = tokensOf(text.slice(sentence.start, sentence.end));
    if (tokens <= maxTokens) units.push({ ...sentence, tokens });
    else splitToFit(text, sentence.start, sentence.end, maxTokens, units, tokensOf);
  }

  const leaves: GraphNode[] = [];
  let i = 0;
  while (i < units.length) {
    const first = units[i] as Unit;
    let total = first.tokens;
    let j = i + 1;
    for (; j < units.length; j++) {
      const prev = units[j - 1] as Unit;
      const next = units[j] as Unit;
      const newlines = countNewlines(text, prev.end, next.start);
      if (newlines >= 2 && total >= fill) break;
      const gap = next.start - prev.end === 1 && newlines === 0 ? 0 : 1;
      if (total + gap + next.tokens > maxTokens) break;
      total += gap + next.tokens;
    }
    let end = (units[j - 1] as Unit).end;
    let tokens = joinedTokens(text, units.slice(i, j), tokensOf);
    while (tokens > maxTokens && j - i > 1) {
      j--;
      end = (units[j - 1] as Unit).end;
      tokens = joinedTokens(text, units.slice(i, j), tokensOf);
    }
    leaves.push(makeLeaf(doc, leaves.length, first.start, end, tokens));
    i = j;
  }
  return leaves;
}

function makeLeaf(doc: LeafSource, ordinal: number, start: number, end: number, tokens: number): GraphNode {
  const leaf: GraphNode = {
    nodeId: nodeIdOf(doc.docId, 0, ordinal),
    docId: doc.docId,
    level: 0,
    ordinal,
    text: doc.text.slice(start, end),
    tokens,
    spans: [{ start, end }],
    madeBy: "leaf",
  };
  const pages = doc.pageStarts === undefined ? [] : pagesOf(doc.pageStarts, start, end);
  return pages.length > 0 ? { ...leaf, pages } : leaf;
}

/** 1-based pages that `[start, end)` touches. */
export function pagesOf(pageStarts: readonly number[], start: number, end: number): number[] {
  if (pageStarts.length === 0 || end <= start) return [];
  const first = Math.max(1, countAtMost(pageStarts, start));
  const last = Math.max(first, countAtMost(pageStarts, end - 1));
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

/** How many of the sorted `values` are at most `x`. */
function countAtMost(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
}

/**
 * Characters of look-ahead per token of a piece. A piece of `maxTokens` tokens lies within the
 * next `maxTokens * LOOKAHEAD_CHARS_PER_TOKEN` characters (English averages about 4.5 characters
 * a token; a whitespace-free run is counted in pieces of 256, `core/text-pieces.ts`), so each cut
 * looks only that far ahead: a 1 MB "sentence" with no punctuation is cut in linear time, where
 * counting the whole rest before every cut took time quadratic in its length.
 */
const LOOKAHEAD_CHARS_PER_TOKEN = 16;

/** Cuts `[start, end)` into pieces of at most `maxTokens`, at whitespace when a piece allows. */
function splitToFit(text: string, start: number, end: number, maxTokens: number, units: Unit[], tokensOf: (text: string) => number): void {
  let pos = start;
  const lookahead = maxTokens * LOOKAHEAD_CHARS_PER_TOKEN;
  while (pos < end) {
    const windowEnd = Math.min(end, pos + lookahead);
    const rest = tokensOf(text.slice(pos, windowEnd));
    if (rest <= maxTokens && windowEnd === end) {
      units.push({ start: pos, end, tokens: rest });
      return;
    }
    const wordEnds: number[] = [];
    for (let k = pos + 1; k < windowEnd; k++) {
      if (isWhitespaceCode(text.charCodeAt(k)) && !isWhitespaceCode(text.charCodeAt(k - 1))) wordEnds.push(k);
    }
    let cut = -1;
    let tokens = 0;
    let lo = 0;
    let hi = wordEnds.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const candidate = wordEnds[mid] as number;
      const count = tokensOf(text.slice(pos, candidate));
      if (count <= maxTokens) {
        cut = candidate;
        tokens = count;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (cut < 0) [cut, tokens] = cutInsideRun(text, pos, wordEnds[0] ?? windowEnd, maxTokens, tokensOf);
    units.push({ start: pos, end: cut, tokens });
    pos = cut;
    while (pos < end && isWhitespaceCode(text.charCodeAt(pos))) pos++;
  }
}

const MARK = /^\p{M}/u;

/**
 * The longest prefix of the run `[pos, runEnd)` within `maxTokens`, cut between characters and,
 * when possible, not before a combining mark; at least one character.
 */
function cutInsideRun(text: string, pos: number, runEnd: number, maxTokens: number, tokensOf: (text: string) => number): [number, number] {
  const points: number[] = [];
  const graphemeStarts: number[] = [];
  for (let k = pos; k < runEnd; ) {
    const cp = text.codePointAt(k) ?? 0;
    k += cp > 0xffff ? 2 : 1;
    if (k >= runEnd) break;
    points.push(k);
    if (!MARK.test(text.slice(k, k + 2))) graphemeStarts.push(k);
  }
  const candidates = graphemeStarts.length > 0 ? graphemeStarts : points;
  let cut = Math.min(runEnd, (points[0] ?? runEnd));
  let lo = 0;
  let hi = candidates.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = candidates[mid] as number;
    if (tokensOf(text.slice(pos, candidate)) <= maxTokens) {
      cut = Math.max(cut, candidate);
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return [cut, tokensOf(text.slice(pos, cut))];
}
