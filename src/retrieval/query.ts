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
}

/** The type of answer a question asks for, from its wh-word. */
export function answerTypeOf(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\b(when|what year|which year|what date|how long ago)\b/.test(q)) return "date";
  if (/\b(how many|how much|what percentage|what percent|what is the (total|number|amount|ratio|rate)|how old)\b/.test(q)) return "number";
  if (/\b(who|whom|whose)\b/.test(q)) return "name";
  return "none";
}

/**
 * @example analyzeQuery("When was the bridge finished?").answerType // "date"
 */
export function analyzeQuery(text: string): Query {
  return { text, terms: analyze(text), answerType: answerTypeOf(text) };
}
