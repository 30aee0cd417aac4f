/**
 * Rules about single candidate spans of the extractive reader (src/answer/extract.ts): words
 * that announce a type ("based in", "written by"), cast and character lines, spans that only
 * repeat the question, numbers inside dates, and capitalised common words that are not names.
 */
import type { Candidate } from "./candidates.js";
import type { QuestionAnalysis } from "./question.js";
import { wordsOf, type ReadSentence } from "./sentences-read.js";

const CUES: Partial<Record<QuestionAnalysis["type"], RegExp>> = {
  place: /\b(?:in|at|from|near|to|into|of)\s*$/i,
  person: /\b(?:by|starring|with|and|as|actor|actress|singer|player|director)\s*$/i,
  date: /\b(?:in|on|since|until|from|by)\s*$/i,
};

/** A word before a candidate that announces its type ("based in Columbus", "written by Ann Lee"). */
export function cueOf(type: QuestionAnalysis["type"], before: string, factor: number): number {
  const cue = CUES[type];
  return cue && cue.test(before) ? factor : 1;
}

const ROLE_ASK = /\b(?:play|plays|played|playing|voice|voices|voiced|portray|portrays|portrayed|stars?|starred)\b(?:\s+of\b)?/i;
const ROLE_BY = /((?:[\p{L}\p{N}'’.-]+\s*){1,4})[(,]\s*(?:voiced|played|portrayed|performed)\s+by\s*$/u;
const AS_ROLE = /^\s+as\s+((?:[\p{L}\p{N}'’.-]+\s*){1,4})/u;

/**
 * "who plays Chip": in a cast line ("Nathan Mack as Chip , Mrs. Potts ' son") the actor is
 * the name right before "as" and the role the question names; in a character line ("Phineas
 * Flynn ( voiced by Vincent Martella )") the name after "voiced by" the role.
 */
export function roleCue(question: string, s: ReadSentence, c: Candidate, factor: number): number {
  const asked = roleTerms(question);
  if (asked.size === 0) return 1;
  // "Nathan Mack as Chip", or "Phineas Flynn ( voiced by Vincent Martella )".
  const role = AS_ROLE.exec(s.text.slice(c.end)) ?? ROLE_BY.exec(s.text.slice(Math.max(0, c.start - 60), c.start));
  if (!role?.[1]) return 1;
  return wordsOf(role[1]).some((w) => w.term !== undefined && asked.has(w.term)) ? factor : 1;
}

/**
 * The role a question asks the actor of: the words right after "plays", "voice of" ... ("who
 * plays the mom on X": mom), or the one before ("who is chips voice": chip).
 */
function roleTerms(question: string): Set<string> {
  const m = ROLE_ASK.exec(question);
  const out = new Set<string>();
  if (!m) return out;
  for (const w of wordsOf(question.slice(m.index + m[0].length).replace(/^\s+the\b/i, "")).slice(0, 2)) {
    if (w.term === undefined) break;
    out.add(w.term);
  }
  const before = wordsOf(question.slice(0, m.index)).at(-1);
  if (before?.term) out.add(before.term);
  return out;
}

export const NUMERIC_KINDS = new Set(["date", "number", "money", "percent", "duration"]);

/** The figures of a numeric candidate (its unit may well repeat the question: "how long in metres"). */
export function numericPart(text: string): string {
  return (text.match(/\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen)\b/gi) ?? [text]).join(" ");
}

/** Share of the candidate's own terms that are question terms (it merely repeats the question). */
export function repeatShare(text: string, questionTerms: ReadonlySet<string>): number {
  const terms = wordsOf(text).flatMap((w) => (w.term ? [w.term] : []));
  if (terms.length === 0) return 0;
  return terms.filter((t) => questionTerms.has(t)).length / terms.length;
}

/** A number inside a date is not a number answer (unless a date is what is asked). */
export function withoutNumbersInDates(candidates: readonly Candidate[], type: QuestionAnalysis["type"]): Candidate[] {
  if (type === "date") return [...candidates];
  const dates = candidates.filter((c) => c.kind === "date");
  return candidates.filter((c) => c.kind === "date" || c.kind === "name" || !dates.some((d) => c.start < d.end && d.start < c.end));
}

/** Words the read sentences write in lower case. */
export function lowerCaseWords(sentences: readonly ReadSentence[]): Set<string> {
  const out = new Set<string>();
  for (const s of sentences) for (const m of s.text.matchAll(/(?<![\p{L}\p{N}])\p{Ll}[\p{Ll}'’-]*/gu)) out.add(m[0]);
  return out;
}

/** An opening quote, at the start or after a space or bracket ("says \"Load the file\"", "``Load"). */
const OPENING_QUOTE = /(?:^|[\s(\[])(?:"|“|‘|'|``)\s*$/u;

/**
 * A one-word "name" that opens its sentence, or a quotation inside it, and that the text also
 * writes in lower case is a common word capitalised by its place ("Oldest player to ...",
 * "Related shows", "Total yield", 'the prompt reads "Load the saved file"').
 */
export function isCommonWordOpening(sentence: string, c: Candidate, text: string, lowerWords: ReadonlySet<string>): boolean {
  const before = sentence.slice(0, c.start);
  return (/^\s*$/.test(before) || OPENING_QUOTE.test(before)) && !/\s/.test(text) && lowerWords.has(text.toLowerCase());
}

/** Letters and digits only, lower case ("Super Bowls" → "superbowls"). */
export function squeeze(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** A span of several words the question writes as one ("Super Bowls" for "superbowls"): it repeats the question. */
export function isCompoundOfQuestion(text: string, squeezedQuestion: string): boolean {
  const s = squeeze(text);
  return /\s/.test(text.trim()) && s.length >= 6 && squeezedQuestion.includes(s);
}

/**
 * "What river does the bridge cross?": a name right after the question's head noun or another
 * word of its what/which phrase ("the river Lune", "the city of York", "actress Antara Mali")
 * is named as one of that kind.
 */
export function headCue(heads: ReadonlySet<string>, s: ReadSentence, c: Candidate, factor: number): number {
  if (heads.size === 0) return 1;
  const m = /([\p{L}]+)\s+(?:of\s+)?(?:the\s+)?$/u.exec(s.text.slice(Math.max(0, c.start - 30), c.start));
  const term = m?.[1] ? wordsOf(m[1])[0]?.term : undefined;
  return term !== undefined && heads.has(term) ? factor : 1;
}

const DEFINED_AS = /^\s*(?:\([^)]*\)\s*)?,?\s*(?:is|was|are|were)\s+(?:an?|the|one of the)\s+((?:[^\s.;,]+\s+){0,5}[^\s.;,]+)/u;

/**
 * "Sandra Oh (born 1971) is a Canadian actress known for ...": a name that opens its sentence
 * and is defined as the kind the question asks for ("which Canadian actress") is that kind.
 */
export function definedAsAsked(s: ReadSentence, c: Candidate, asked: ReadonlySet<string>, factor: number): number {
  if (asked.size === 0 || !/^[\s"'“(]*$/u.test(s.text.slice(0, c.start))) return 1;
  const m = DEFINED_AS.exec(s.text.slice(c.end));
  return m?.[1] && wordsOf(m[1]).some((w) => w.term !== undefined && asked.has(w.term)) ? factor : 1;
}

/** "the one of editors", "one of the tweets": "one" is a pronoun there, not a count. */
export function isPronounOne(sentence: string, c: Candidate, text: string): boolean {
  return /^one$/i.test(text) && (/\b(?:the|this|that|each|every|any|no)\s+$/i.test(sentence.slice(Math.max(0, c.start - 8), c.start)) || /^\s+of\b/.test(sentence.slice(c.end)));
}

const LIFE_ASK = /\b(?:born|birth|birthday|birthdate|die|died|dies|death|age|aged|old|lived?|lifespan)\b/i;
const LIFESPAN = /^\s*(?:born|b\.|n[ée]e|died|d\.)\s|\d{3,4}\)?\s*[–-]+\s*(?:\w+\.?\s+)?(?:\d{1,2}\s+)?(?:\w+\.?\s+)?\d{1,2},?\s*\d{3,4}|\d{3,4}\s*[–-]+\s*\d{3,4}\s*$/i;

/**
 * A date in the parenthesis of a life after a name ("Louis Armstrong (August 4, 1901 – July 6,
 * 1971)", "(born May 17, 1965)") says when the person was born or died: it answers only a
 * question about a birth, a death or an age.
 */
export function isLifespanDate(sentence: string, c: Candidate, question: string): boolean {
  if (LIFE_ASK.test(question)) return false;
  const open = sentence.lastIndexOf("(", c.start);
  if (open < 0 || sentence.lastIndexOf(")", c.start) > open) return false;
  const close = sentence.indexOf(")", c.end);
  if (close < 0 || (sentence.indexOf("(", c.end) >= 0 && sentence.indexOf("(", c.end) < close)) return false;
  return LIFESPAN.test(sentence.slice(open + 1, close));
}
