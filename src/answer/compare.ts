/**
 * Comparison questions ("Which magazine was published first, Guitar World or Science News?"):
 * the answer is one of the two options. When the question compares times ("first", "older",
 * "earlier") the years read next to each option decide; otherwise the option named by the
 * best sentence. The answer is the option as a read sentence writes it.
 */
import type { ReadSentence } from "./sentences-read.js";
import { minOf } from "../core/arrays.js";

export interface OptionChoice {
  readonly sentence: ReadSentence;
  readonly start: number;
  readonly end: number;
}

const EARLIER = /\b(?:first|earlier|earliest|older|oldest|before|founded first|formed first|established first|longer ago)\b/i;
const LATER = /\b(?:later|latest|younger|youngest|more recent|most recent|newer|last)\b/i;
const YEAR = /\b(1[0-9]{3}|20[0-9]{2})\b/g;

function find(sentence: ReadSentence, option: string): { start: number; end: number } | undefined {
  const at = sentence.text.toLowerCase().indexOf(option.toLowerCase());
  return at >= 0 ? { start: at, end: at + option.length } : undefined;
}

/** The earliest year written after an option in the first sentence (by reading rank) that names it. */
function yearOf(option: string, sentences: readonly ReadSentence[]): number | undefined {
  for (const s of sentences) {
    const at = find(s, option);
    if (!at) continue;
    const years = [...s.text.slice(at.end).matchAll(YEAR)].map((m) => Number(m[1]));
    if (years.length > 0) return minOf(years.slice(0, 3));
  }
  return undefined;
}

const AGE = /\b(?:older|oldest|younger|youngest|born first|born earlier|born later)\b/i;
/** A life parenthesis right after a name: "(born 7 January 1976)", "(Armenian: ...; born 1976)", "(1881 – 1933)". */
const LIFE = /^\s*\((?:[^()]*?[;,]\s*)?(?:born\s+|b\.\s*)?(?:[^()\d]*?\d{1,2},?\s+)?(?:[A-Za-z.]+\s+)?(1[0-9]{3}|20[0-9]{2})\b/;

/**
 * The year an option was born in, from a life parenthesis right after it or after its last word
 * ('Vakhtang "Vic" Darchinyan (born 7 January 1976)' for "Vic Darchinyan"), in the first sentence
 * (by reading rank) that has one.
 */
function birthYearOf(option: string, sentences: readonly ReadSentence[]): number | undefined {
  const words = option.split(/\s+/);
  const last = words.length >= 2 ? words.at(-1)! : undefined;
  for (const s of sentences) {
    const lower = s.text.toLowerCase();
    for (const name of last ? [option, last] : [option]) {
      for (let at = lower.indexOf(name.toLowerCase()); at >= 0; at = lower.indexOf(name.toLowerCase(), at + 1)) {
        const m = LIFE.exec(s.text.slice(at + name.length, at + name.length + 120));
        if (m?.[1]) return Number(m[1]);
      }
    }
  }
  return undefined;
}

/** Chooses one of two options from sentences ranked best first; undefined when neither is read. */
export function chooseOption(options: readonly [string, string], question: string, ranked: readonly ReadSentence[]): OptionChoice | undefined {
  const located = options.map((option) => {
    for (const sentence of ranked) {
      const at = find(sentence, option);
      if (at) return { sentence, ...at };
    }
    return undefined;
  });
  const [a, b] = located;
  if (!a && !b) return undefined;
  if (!a || !b) return a ?? b;
  const direction = EARLIER.test(question) ? -1 : LATER.test(question) ? 1 : 0;
  if (direction !== 0 && AGE.test(question)) {
    // Who is older: the earlier birth year (-1 for older).
    const ba = birthYearOf(options[0], ranked);
    const bb = birthYearOf(options[1], ranked);
    if (ba !== undefined && bb !== undefined && ba !== bb) return (ba - bb) * direction > 0 ? a : b;
  }
  if (direction !== 0) {
    const ya = yearOf(options[0], ranked);
    const yb = yearOf(options[1], ranked);
    if (ya !== undefined && yb !== undefined && ya !== yb) return (ya - yb) * direction > 0 ? a : b;
  }
  return ranked.indexOf(a.sentence) <= ranked.indexOf(b.sentence) ? a : b;
}
