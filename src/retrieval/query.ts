/**
 * A question, analysed once: its text, its analyzed terms and the type of answer it asks for.
 * The coarse stage, relevance and the judges all take this value, so nothing downstream
 * analyses the question again or keeps a cache keyed on it.
 */
import { analyze } from "../core/analyze.js";

export type AnswerType = "number" | "date" | "name" | "none";

export interface Query {
  readonly text: string;
  /** Analyzed terms, in order, with repeats (core/analyze.ts). */
  readonly terms: readonly string[];
  /** What the question's wh-word asks for. */
  readonly answerType: AnswerType;
  /** The analyzed terms of each phrase the question quotes (`quotedPhrases`); absent: none. */
  readonly quoted?: readonly (readonly string[])[];
}

/** The type of answer a question asks for, from its wh-word. */
export function answerTypeOf(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\b(when|what year|which year|what date|how long ago)\b/.test(q)) return "date";
  if (/\b(how many|how much|what percentage|what percent|what is the (total|number|amount|ratio|rate)|how old)\b/.test(q)) return "number";
  if (/\b(who|whom|whose)\b/.test(q)) return "name";
  return "none";
}

/** Text that holds a candidate of each answer type (a year, a month or a unit of time: "ten years after"; a digit; two capitalised words in a row). */
export const ANSWER_TYPE_PATTERN: Readonly<Record<Exclude<AnswerType, "none">, RegExp>> = {
  date: /\b(?:1[0-9]{3}|20[0-9]{2})\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(?:years?|months?|weeks?|days?)\b/i,
  number: /\d/,
  name: /\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{Ll}.]+)+\b/u,
};

/**
 * Whether `text` holds a candidate of the answer type `type` asks for (always false for "none").
 * @example holdsAnswerType("It opened on 14 November 2001.", "date") // true
 */
export function holdsAnswerType(text: string, type: AnswerType): boolean {
  return type !== "none" && ANSWER_TYPE_PATTERN[type].test(text);
}

/** Each answer type's bit in `answerTypeFlags` ("none" has none). */
export const ANSWER_TYPE_BIT: Readonly<Record<AnswerType, number>> = { number: 1, date: 2, name: 4, none: 0 };

/**
 * The answer types whose candidates `text` holds, as `ANSWER_TYPE_BIT`s: found at ingest for
 * every sentence unit and stored with the question-time data, so a question tests a bit instead
 * of running `ANSWER_TYPE_PATTERN` over every matching sentence of every opened document.
 * Changing a pattern changes stored flags: bump `UNITS_CODEC_VERSION` with it.
 * @example answerTypeFlags("Smith Jones arrived in 1990.") // 7 (number, date and name)
 */
export function answerTypeFlags(text: string): number {
  let flags = 0;
  if (ANSWER_TYPE_PATTERN.number.test(text)) flags |= ANSWER_TYPE_BIT.number;
  if (ANSWER_TYPE_PATTERN.date.test(text)) flags |= ANSWER_TYPE_BIT.date;
  if (ANSWER_TYPE_PATTERN.name.test(text)) flags |= ANSWER_TYPE_BIT.name;
  return flags;
}

/**
 * A noun phrase opened by a determiner, then a relative word: "the association which published ...".
 * Matched against the lower-cased question, not with the `i` flag: V8 builds the case closure of
 * the property classes for an `iu` expression, which made this the costliest expression a cold
 * question compiled (about 1 ms, twice); the two agree on every dev question.
 */
const NESTED_CLAUSE = /\b(?:the|a|an|this|that|these|those|its|his|her|their)\s+(?:[\p{L}\p{N}'’-]+\s+){0,3}?[\p{L}\p{N}'’-]+\s*,?\s+(?:which|who|whose|whom|that|where|when)\b/u;

/**
 * Whether a question nests a clause inside a noun phrase ("the country where the river is
 * found"): such a question names its first hop only, and its answer lies a hop further (the
 * walk's bridge weighs more for it).
 * @example nestsClause("Who was the first president of the association which published it?") // true
 */
export function nestsClause(question: string): boolean {
  return NESTED_CLAUSE.test(question.toLowerCase());
}

/** A phrase between quotation marks, straight or curly, of at most 80 characters. */
const QUOTED = /["“”]([^"“”\n]{1,80}?)["“”]/gu;

/**
 * The analyzed terms of each phrase `text` quotes, in order, without repeats or phrases of stop
 * words only: a question that quotes a term ('related to "Parties"', 'the song "Hey Jude"') names
 * it exactly, and a document that quotes the same words defines or titles it there.
 * @example quotedPhrases('Who sang "Hey Jude" first?') // [["hey", "jude"]]
 */
export function quotedPhrases(text: string): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(QUOTED)) {
    const terms = analyze(m[1]!);
    const key = terms.join(" ");
    if (terms.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(terms);
  }
  return out;
}

/** A quoted phrase in a document's sentence: a sentence unit may end inside it ('... the "Parties.' then '"'). */
const QUOTED_IN_TEXT = /["“”]([^"“”\n]{1,80}?)(?:["“”]|$)/gu;

/**
 * Whether `text` quotes one of `phrases` (analyzed terms, as `quotedPhrases` gives them): the
 * words between its quotation marks analyze to exactly the phrase's terms, so case, plurals
 * ('"Party"' for "Parties") and punctuation inside the quotes do not matter.
 * @example quotesPhrase('each a "Party" and together the "Parties."', [["party"]]) // true
 */
export function quotesPhrase(text: string, phrases: readonly (readonly string[])[]): boolean {
  if (phrases.length === 0) return false;
  const keys = new Set(phrases.map((p) => p.join(" ")));
  for (const m of text.matchAll(QUOTED_IN_TEXT)) if (keys.has(analyze(m[1]!).join(" "))) return true;
  return false;
}

/**
 * @example analyzeQuery("When was the bridge finished?").answerType // "date"
 */
export function analyzeQuery(text: string): Query {
  const quoted = quotedPhrases(text);
  return { text, terms: analyze(text), answerType: answerTypeOf(text), ...(quoted.length > 0 ? { quoted } : {}) };
}
