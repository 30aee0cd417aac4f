/**
 * Typed candidate spans of one sentence: dates and years, numbers with their unit, money,
 * percentages, durations, runs of capitalised words (names), quoted titles, list items,
 * "X is/means Y" definitions and option lines ("-X  Enables ..."). Offsets are into the
 * sentence text given, so a candidate is always a verbatim slice of it.
 */
import type { AnswerType } from "./question.js";

export type CandidateKind = "date" | "number" | "money" | "percent" | "duration" | "name" | "title" | "definition" | "list";

export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly kind: CandidateKind;
}

const MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sep\\.?|Sept\\.?|Oct\\.?|Nov\\.?|Dec\\.?)";
const YEAR = "(?:1[0-9]{3}|20[0-9]{2})";
const SEP = "\\s*,?\\s*";
const DATE_PATTERNS = [
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}${SEP}${YEAR}\\b`, "g"),
  new RegExp(`\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?${SEP}${YEAR}\\b`, "g"),
  new RegExp(`\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b`, "g"),
  new RegExp(`\\b${MONTH}\\s+(?:of\\s+)?${YEAR}\\b`, "g"),
  new RegExp(`\\b${YEAR}\\s*[–-]\\s*(?:${YEAR}|\\d{2})\\b`, "g"),
  new RegExp(`\\b${YEAR}s?\\b`, "g"),
  /\b\d{1,2}(?:st|nd|rd|th)\s+century\b/gi,
  // "the early twentieth century", "the twenty-first century".
  /\b(?:(?:early|mid|late)[\s-]+)?(?:(?:twenty|thirty)-?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\s+century\b/gi,
  // "March 2 and 3, 2012", "June 4-6, 1999": days of one month.
  new RegExp(`\\b${MONTH}\\s+\\d{1,2}\\s*(?:and|to|[–-])\\s*\\d{1,2}${SEP}${YEAR}\\b`, "g"),
  /\b\d{4}-\d{2}-\d{2}\b/g,
  // A time of day ("3 a.m.", "10:30 pm").
  /\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.|[ap]m\b)/gi,
];

const NUMBER_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)";
/** A figure, or number words ending at a word's end ("ten", not the "Ten" of "Tennessee" nor the "six" of "sixth"). */
/** One number word, whole ("seventeen", not "seventeenth"). */
export const NUMBER_WORD_ONLY = new RegExp(`^${NUMBER_WORD}$`);
const NUM = `(?:\\d+(?:[,.]\\d+)*(?:\\s*,\\s*\\d{3}(?!\\d))*|${NUMBER_WORD}\\b(?:[\\s-]+${NUMBER_WORD}\\b)*)`;
const SCALE = "(?:\\s+(?:hundred|thousand|million|billion|trillion|[mb]n))?";
const DURATION_UNIT = "(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century|nights?)";
const MONEY_PATTERNS = [
  // Not a TeX figure: "$150,000$ tweets" is a number.
  new RegExp(`(?:US\\s*)?[$£€¥]\\s*${NUM}(?![\\d,.]*\\$)${SCALE}`, "gi"),
  new RegExp(`\\b${NUM}${SCALE}\\s+(?:dollars|euros|pounds|yen|USD|EUR|GBP)\\b`, "gi"),
];
const PERCENT_PATTERNS = [new RegExp(`\\b${NUM}\\s*(?:%|per\\s*cent|percent)`, "gi")];
const DURATION_PATTERNS = [new RegExp(`\\b${NUM}(?:\\s*(?:or|to|-|–)\\s*${NUM})?\\s+${DURATION_UNIT}\\b`, "gi")];
/** A number, with the word or two after it when they are lower-case (its unit or what it counts). */
const NUMBER_PATTERNS = [new RegExp(`(?<![\\p{L}\\d.,])(?:\\$(?=[\\d,.]+\\$))?${NUM}(?:(?<=\\$[\\d,.]+)\\$)?${SCALE}(?:\\s+(?!(?:and|or|of|in|on|at|to|the|a|an|for|by|with|from|is|are|was|were)\\b)[a-z][a-z-]*(?:\\s+of\\s+(?!(?:the|a|an|this|that|these|those|its|their|his|her)\\b)[a-z][a-z-]*(?:\\s+(?!(?:and|or|of|in|on|at|to|for|by|with|from|is|are|was|were)\\b)[a-z][a-z-]*)?)?)?`, "giu")];

/** Lower-case words allowed inside a capitalised name ("Bank of England", "Leonardo da Vinci"). */
const NAME_JOINERS = new Set(["of", "de", "da", "del", "der", "van", "von", "la", "le", "du", "the", "and", "&", "y", "di", "al", "bin", "el", "upon", "on"]);
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}'’.-]*|\d+(?:st|nd|rd|th)?|[\p{Lu}\d][\p{Lu}\d-]+)$/u;
/** Capitalised words that start sentences or clauses and are not names. */
const NOT_NAMES = new Set(
  ("The A An In On At By For From To Of And Or But If When While After Before During Since This That These Those It Its He She They We I You His Her Their Our My " +
    "There Here As With Without Although Though However Also Then Thus Hence So Yes No Not All Some Many Most Each Every Other Such One Two Three " +
    "What Which Who Whom Whose Where Why How Is Are Was Were Be Been Has Have Had Do Does Did Can Could May Might Will Would Should Shall Must " +
    "Table Figure Section Chapter Page See Note Retrieved Archived Edit " +
    "Moreover Furthermore Therefore Nevertheless Notwithstanding Additionally Finally Similarly Otherwise Instead Indeed Meanwhile " +
    "Accordingly Consequently Likewise Because Unless Whether Both Either Neither Any Only Upon Within Between Through Despite " +
    "Following According Regardless").split(" "),
);

function addAll(out: Candidate[], text: string, patterns: readonly RegExp[], kind: CandidateKind): void {
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].trimEnd().length;
      if (end > start) out.push({ start, end, kind });
    }
  }
}

/** Runs of capitalised words, joined by name joiners, trimmed of joiners at either end. */
function names(text: string, out: Candidate[]): void {
  const words = [...text.matchAll(/[\p{L}\p{N}&][\p{L}\p{M}\p{N}'’.&-]*/gu)];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const word = w[0].replace(/[.]+$/, "");
    if (!NAME_WORD.test(word) || (NOT_NAMES.has(word) && !nextIsName(words, i, text))) {
      i++;
      continue;
    }
    let j = i;
    let last = i;
    while (j + 1 < words.length) {
      const next = words[j + 1]!;
      const gap = text.slice(words[j]!.index + words[j]![0].length, next.index);
      if (!/^[\s\u00a0]*$/.test(gap) && !/^\s*-\s*$/.test(gap)) break;
      const nextWord = next[0].replace(/[.]+$/, "");
      if (NAME_WORD.test(nextWord) && !NOT_NAMES.has(nextWord)) {
        j++;
        last = j;
      } else if (NAME_JOINERS.has(nextWord.toLowerCase()) && nextWord === nextWord.toLowerCase()) j++;
      else break;
      if (j - i > 8) break;
    }
    const startWord = NOT_NAMES.has(word) ? i + 1 : i;
    if (startWord <= last) {
      pushName(text, words, startWord, last, out);
      nameParts(text, words, startWord, last, out);
    }
    i = last + 1;
  }
}

function pushName(text: string, words: readonly RegExpMatchArray[], from: number, to: number, out: Candidate[]): void {
  // A month and a figure ("February 11", "March 2005") is a date, not a name: the name starts after it.
  if (MONTH_WORD.test(words[from]![0]) && from < to && /^\d/.test(words[from + 1]![0])) {
    from += 2;
    while (from <= to && (/^\d/.test(words[from]![0]) || NAME_JOINERS.has(words[from]![0]))) from++;
    if (from > to) return;
  }
  const first = words[from]!;
  const end = words[to]!;
  const endAt = end.index! + end[0].replace(/[.]+$/, "").length;
  if (!/^\d+$/.test(text.slice(first.index, endAt))) out.push({ start: first.index!, end: endAt, kind: "name" });
}

const MONTH_WORD = new RegExp(`^${MONTH}$`);

/** Words that title a person or rank before a name ("Governor William Winter", "Earl of Northumbria"). */
const TITLES = new Set(
  ("Governor President Senator Congressman Congresswoman Representative Mayor Chancellor Minister Premier Secretary Ambassador " +
    "King Queen Prince Princess Emperor Empress Duke Duchess Earl Count Countess Baron Lord Lady Sir Dame Pope Bishop Archbishop Cardinal Saint St " +
    "General Colonel Captain Admiral Commander Lieutenant Sergeant Major Judge Justice Dr Mr Mrs Ms Professor Prof Rev Reverend Father").split(" "),
);

/**
 * The name after a title inside a run of capitalised words ("Mississippi Governor William
 * Winter": "William Winter"; "Anglo-Saxon Earl of Northumbria": "Northumbria"). Splitting runs
 * at "and" as well ("Avery County and McDowell County") was measured and lost (docs/answers.md).
 */
function nameParts(text: string, words: readonly RegExpMatchArray[], from: number, to: number, out: Candidate[]): void {
  const bare = (k: number): string => words[k]![0].replace(/[.]+$/, "");
  const isName = (k: number): boolean => NAME_WORD.test(bare(k)) && !NAME_JOINERS.has(bare(k));
  for (let k = to - 1; k >= from; k--) {
    if (!TITLES.has(bare(k))) continue;
    let a = k + 1;
    if (bare(a) === "of") a++;
    while (a <= to && !isName(a)) a++;
    if (a <= to) pushName(text, words, a, to, out);
    return;
  }
}

/** "Columbus, Ohio", "Vancouver , British Columbia": a name, a comma, a short name (a place and its region). */
function placesWithRegion(text: string, out: Candidate[]): void {
  const names = out.filter((c) => c.kind === "name").sort((a, b) => a.start - b.start);
  for (let i = 0; i + 1 < names.length; i++) {
    const a = names[i]!;
    const b = names[i + 1]!;
    if (/^\s*,\s*$/.test(text.slice(a.end, b.start)) && text.slice(b.start, b.end).split(/\s+/).length <= 3 && !/\d/.test(text.slice(a.start, b.end))) {
      out.push({ start: a.start, end: b.end, kind: "name" });
    }
  }
}

function nextIsName(words: readonly RegExpMatchArray[], i: number, text: string): boolean {
  const w = words[i]!;
  const next = words[i + 1];
  if (!next || w[0] !== "The") return false;
  return /^\s+$/.test(text.slice(w.index! + w[0].length, next.index)) && NAME_WORD.test(next[0]) && !NOT_NAMES.has(next[0]);
}

const QUOTES: readonly RegExp[] = [/``\s*([^`']{1,120}?)\s*''/g, /"([^"]{1,120})"/g, /“([^”]{1,120})”/g, /‘([^’]{2,120})’/g, /«\s*([^»]{1,120}?)\s*»/g];

function quoted(text: string, out: Candidate[]): void {
  for (const pattern of QUOTES) {
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      const inner = m[1]!;
      const offset = m.index + m[0].indexOf(inner);
      const trimmed = inner.replace(/[\s,.;:]+$/, "");
      if (trimmed.length > 0) out.push({ start: offset, end: offset + trimmed.length, kind: "title" });
    }
  }
}

const DEFINITION = /^(?:.{1,80}?)\s+(?:is|are|was|were|means|refers to|denotes|stands for|is defined as|is called|consists of|consist of|comprises|is composed of)\s+(.{3,})$/su;
const OPTION_LINE = /^\s*(?:-{1,2}[\w-]+(?:[ =][<[]?[\w.|-]+[>\]]?)?|[\w-]+)(?:,\s*-{1,2}[\w-]+)*(?:\s{2,}|\t)(\S.*)$/su;

/** "X is Y" → Y; "-X  Enables ..." → the description. */
function definitions(text: string, out: Candidate[]): void {
  const option = OPTION_LINE.exec(text);
  if (option?.[1] && /^\s*-/.test(text)) {
    const start = text.length - option[1].length;
    out.push({ start, end: text.length, kind: "definition" });
    return;
  }
  const m = DEFINITION.exec(text);
  if (m?.[1]) {
    const start = text.length - m[1].length;
    out.push({ start, end: text.replace(/[\s.;:]+$/, "").length, kind: "definition" });
  }
}

/** An enumeration "A, B and C": its first item's start, then the rest from the first comma (`LIST_REST`). */
export const LIST = /([\p{L}\p{N}][^,;:()]{0,60}(?:,\s*[^,;:()]{1,60}){1,12},?\s+(?:and|or)\s+[^,;:().]{1,60})/u;
/** `LIST` after its first item, at a comma. */
const LIST_REST = /(?:,\s*[^,;:()]{1,60}){1,12},?\s+(?:and|or)\s+[^,;:().]{1,60}/uy;
const LIST_HEAD = /^[\p{L}\p{N}]$/u;
const LIST_JOIN = /\s(?:and|or)\s/;
const SEPARATOR = /[,;:()]/g;

/**
 * `LIST.exec(text)`'s match, as `[start, end)`, found without trying every start. A match's first
 * item runs from a letter or digit over at most 60 more characters that are none of `,;:()` up
 * to a comma, so it is the first comma after its start, and whether the rest matches, and where it
 * ends, depends on that comma only. So the rest is tried once per comma, in order; the first that
 * matches gives the match, from the earliest letter or digit of the run before it that is at most
 * 60 characters (code points, as `u` counts) from the comma. Trying the expression from every
 * letter backtracked through every later item each time: on a filing's long table lines it was
 * the reader's costliest expression on a cold question.
 */
export function listSpan(text: string): { start: number; end: number } | undefined {
  let from = 0;
  SEPARATOR.lastIndex = 0;
  for (let sep = SEPARATOR.exec(text); sep; sep = SEPARATOR.exec(text)) {
    const at = sep.index;
    const runStart = from;
    from = at + 1;
    if (text.charCodeAt(at) !== 44 /* , */) continue;
    LIST_REST.lastIndex = at;
    const rest = LIST_REST.exec(text);
    if (!rest) continue;
    const starts: number[] = [];
    for (let i = runStart; i < at; ) {
      starts.push(i);
      i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
    }
    for (let j = Math.max(0, starts.length - 61); j < starts.length; j++) {
      const i = starts[j] as number;
      if (LIST_HEAD.test(String.fromCodePoint(text.codePointAt(i) as number))) return { start: i, end: at + rest[0].length };
    }
  }
  return undefined;
}

/** Items of an enumeration "A, B and C" (at least three, or two joined by "and"). */
function listItems(text: string, out: Candidate[]): void {
  // A list needs a comma and, after it, a spaced "and" or "or": most sentences lack one.
  const comma = text.indexOf(",");
  if (comma < 0 || !LIST_JOIN.test(text.slice(comma))) return;
  const span = listSpan(text);
  if (span) out.push({ start: span.start, end: span.start + text.slice(span.start, span.end).replace(/[\s.]+$/, "").length, kind: "list" });
}

/** Every candidate of a sentence, in no particular order; duplicates of one range and kind removed. */
export function candidatesOf(text: string): Candidate[] {
  const out: Candidate[] = [];
  addAll(out, text, DATE_PATTERNS, "date");
  addAll(out, text, MONEY_PATTERNS, "money");
  addAll(out, text, PERCENT_PATTERNS, "percent");
  addAll(out, text, DURATION_PATTERNS, "duration");
  addAll(out, text, NUMBER_PATTERNS, "number");
  names(text, out);
  placesWithRegion(text, out);
  quoted(text, out);
  definitions(text, out);
  listItems(text, out);
  const seen = new Set<string>();
  return out.filter((c) => {
    const key = `${c.start}:${c.end}:${c.kind}`;
    if (seen.has(key) || c.end <= c.start) return false;
    seen.add(key);
    return true;
  });
}

/** How well a candidate of `kind` fits an expected answer type: 1 exact, less for near kinds, 0 none. */
export function typeFit(expected: AnswerType, kind: CandidateKind): number {
  if (expected === kind) return 1;
  switch (expected) {
    case "person":
    case "organization":
    case "place":
      return kind === "name" ? 1 : kind === "title" ? 0.4 : 0;
    case "title":
      return kind === "name" ? 0.7 : 0;
    case "name":
      return kind === "title" ? 0.9 : kind === "number" || kind === "date" ? 0.3 : 0;
    case "number":
      return kind === "money" || kind === "percent" || kind === "duration" ? 0.8 : kind === "date" ? 0.15 : 0;
    case "money":
    case "percent":
      return kind === "number" ? 0.4 : 0;
    case "duration":
      return kind === "number" ? 0.5 : kind === "date" ? 0.3 : 0;
    case "date":
      return kind === "number" ? 0.1 : 0;
    case "definition":
      return 0;
    case "list":
      return kind === "name" ? 0.3 : 0;
    default:
      return 0;
  }
}
