/**
 * Parsing a chat model's information points: bullets with odd markers or numbering, empty lines,
 * a preamble, continuation lines, and citations of passage numbers in various forms ("[2]",
 * "[2, 3]", "[passages 2-3]", "(2, 3)", "Sources: 2"). A model that answers in prose instead of
 * bullets is read sentence by sentence. The output is untrusted text: nothing here throws.
 */
import { splitSentences } from "../ingest/sentences.js";
import { pushAll } from "../core/arrays.js";

/** One parsed point: its text without citations, and the passage numbers it cited (as written, 1-based). */
export interface ParsedPoint {
  readonly text: string;
  readonly cited: readonly number[];
}

const BULLET = /^\s*(?:[-*•‣◦▪▫●○■□►▸–—+]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z]\))\s+/u;
const NUMBER_LIST = String.raw`\d{1,6}(?:(?:\s*(?:[-–—,;&/]|and|to))+\s*(?:(?:passages?|p)\.?\s*)?\d{1,6})*`;
const KEYWORD = String.raw`(?:passages?|sources?|refs?|references?|p)\.?\s*(?:#|nos?\.?)?\s*:?\s*`;
const BRACKETED = new RegExp(String.raw`\[\s*(${KEYWORD})?(${NUMBER_LIST})\s*\]`, "giu");
const PARENTHESISED = new RegExp(String.raw`\(\s*(${KEYWORD})?(${NUMBER_LIST})\s*\)`, "giu");
const TRAILING_BARE = new RegExp(String.raw`(?:[-–—:;,]\s*)?\b(?:passages?|sources?)\s*:?\s*(${NUMBER_LIST})\s*[.]?\s*$`, "iu");
/** Ranges longer than this are not expanded (garbage like "1-99999"): only their ends count. */
const MAX_RANGE = 100;

/**
 * Points of a model's answer. `passages` is the number of input passages (a parenthesised
 * group without a keyword counts as a citation only when all its numbers are in 1..passages).
 * @example parseInformationPoints("- Alice founded Acme in 1999. [2, 3]", 3)
 * // [{ text: "Alice founded Acme in 1999.", cited: [2, 3] }]
 */
export function parseInformationPoints(output: string, passages: number): ParsedPoint[] {
  const lines = output
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => !/^\s*(?:```|~~~)/.test(line));
  const items = lines.some((line) => BULLET.test(line) && line.replace(BULLET, "").trim() !== "")
    ? bulletItems(lines)
    : proseItems(lines.join("\n"));
  const seen = new Set<string>();
  const points: ParsedPoint[] = [];
  for (const item of items) {
    const point = extractCitations(item, passages);
    if (!isSubstantive(point.text) || seen.has(point.text)) continue;
    seen.add(point.text);
    points.push(point);
  }
  return points;
}

function bulletItems(lines: readonly string[]): string[] {
  const items: string[] = [];
  let current: string | undefined;
  let previousBlank = true;
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === "") {
      previousBlank = true;
      continue;
    }
    if (BULLET.test(line)) {
      if (current !== undefined) items.push(current);
      current = line.replace(BULLET, "").trim();
    } else if (/^#{1,6}\s/.test(trimmed) || /:\s*$/.test(trimmed)) {
      if (current !== undefined) items.push(current);
      current = undefined;
    } else if (current !== undefined && !previousBlank) {
      current = `${current} ${trimmed}`;
    } else {
      if (current !== undefined) items.push(current);
      current = trimmed;
    }
    previousBlank = false;
  }
  if (current !== undefined) items.push(current);
  return items;
}

function proseItems(text: string): string[] {
  const flat = text.replace(/^\s*#{1,6}\s.*$/gm, "").replace(/\s+/g, " ").trim();
  return splitSentences(flat).map((s) => flat.slice(s.start, s.end));
}

function extractCitations(item: string, passages: number): ParsedPoint {
  const cited: number[] = [];
  let text = item.replace(/\*\*|__|`/g, "");
  text = text.replace(BRACKETED, (_m, _keyword: string | undefined, list: string) => {
    pushAll(cited, numbersOf(list));
    return " ";
  });
  text = text.replace(PARENTHESISED, (match: string, keyword: string | undefined, list: string) => {
    const numbers = numbersOf(list);
    const isCitation = keyword !== undefined || numbers.every((n) => n >= 1 && n <= passages);
    if (!isCitation) return match;
    pushAll(cited, numbers);
    return " ";
  });
  text = text.replace(TRAILING_BARE, (_m, list: string) => {
    pushAll(cited, numbersOf(list));
    return "";
  });
  text = text
    .replace(/\s+/g, " ")
    .replace(/\s+([.,;:!?])/g, "$1")
    .replace(/([.!?])[.,;:]+$/u, "$1")
    .replace(/^[\s\-–—:;,]+|[\s\-–—:;,]+$/gu, "")
    .trim();
  return { text, cited: [...new Set(cited)] };
}

function numbersOf(written: string): number[] {
  const out: number[] = [];
  const list = written.replace(/(^|[,;&/]\s*)[-–—]\s*\d+/gu, "$1");
  const re = /(\d{1,6})(?:\s*(?:[-–—]|to)\s*(?:(?:passages?|p)\.?\s*)?(\d{1,6}))?/giu;
  for (const m of list.matchAll(re)) {
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b >= a && b - a <= MAX_RANGE) for (let k = a; k <= b; k++) out.push(k);
    else out.push(a, b);
  }
  return out;
}

/**
 * A point says something: two words or more with at least four letters in all, or one run of a
 * script written without spaces ("N/A", "None", "..." and "[1]" are not points).
 */
function isSubstantive(text: string): boolean {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters < 4) return false;
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length >= 2 || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u.test(text);
}
