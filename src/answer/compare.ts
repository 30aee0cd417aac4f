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
  if (direction !== 0) {
    const ya = yearOf(options[0], ranked);
    const yb = yearOf(options[1], ranked);
    if (ya !== undefined && yb !== undefined && ya !== yb) return (ya - yb) * direction > 0 ? a : b;
  }
  return ranked.indexOf(a.sentence) <= ranked.indexOf(b.sentence) ? a : b;
}
