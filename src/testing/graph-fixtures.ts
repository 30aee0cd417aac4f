/**
 * Fixtures for the graph layer's tests and benchmark: leaves packed simply from sentences, and
 * deterministic synthetic documents. Not used by the engine (the ingest layer makes real leaves).
 */
import { nodeIdOf, type DocId } from "../core/ids.js";
import type { GraphNode } from "../core/types.js";
import { splitSentences } from "../ingest/sentences.js";
import { seededRandom } from "../core/random.js";


/**
 * Leaves of about `targetTokens` tokens: whole sentences packed left to right (a longer sentence
 * is a leaf of its own). Each leaf's one span is its verbatim range of `text`.
 * @example packLeaves(asDocId("d"), text, { targetTokens: 300, countTokens })
 */
export function packLeaves(
  docId: DocId,
  text: string,
  options: { targetTokens: number; countTokens: (text: string) => number },
): GraphNode[] {
  const leaves: GraphNode[] = [];
  let start = -1;
  let end = -1;
  let tokens = 0;
  const flush = () => {
    if (start < 0) return;
    const slice = text.slice(start, end);
    const ordinal = leaves.length;
    leaves.push({
      nodeId: nodeIdOf(docId, 0, ordinal),
      docId,
      level: 0,
      ordinal,
      text: slice,
      tokens: options.countTokens(slice),
      spans: [{ start, end }],
      madeBy: "leaf",
    });
    start = -1;
    tokens = 0;
  };
  for (const s of splitSentences(text)) {
    const t = options.countTokens(text.slice(s.start, s.end));
    if (start >= 0 && tokens + t > options.targetTokens) flush();
    if (start < 0) start = s.start;
    end = s.end;
    tokens += t;
  }
  flush();
  return leaves;
}


const SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "dri", "sel", "po", "nar", "qui", "bel", "tor", "fen", "gla", "mur"];
const FUNCTION_WORDS = ["the", "of", "and", "in", "to", "was", "with", "for", "on", "by", "that", "from"];

/**
 * A synthetic English-like document of about `words` words: paragraphs on recurring topics, so
 * sentences share terms as in real text. The same seed gives the same text.
 * @example syntheticDocument(1, 75_000) // about 100k tokens
 */
export function syntheticDocument(seed: number, words: number): string {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const word = () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join("");
  const vocabulary = Array.from({ length: 3000 }, word);
  const names = Array.from({ length: 200 }, () => {
    const w = word();
    return w.charAt(0).toUpperCase() + w.slice(1);
  });
  const paragraphs: string[] = [];
  let count = 0;
  while (count < words) {
    const topic = Array.from({ length: 25 }, () => pick(vocabulary));
    const sentences: string[] = [];
    const n = 3 + Math.floor(random() * 6);
    for (let s = 0; s < n && count < words; s++) {
      const length = 8 + Math.floor(random() * 22);
      const parts: string[] = [pick(names)];
      for (let k = 1; k < length; k++) {
        const r = random();
        parts.push(r < 0.35 ? pick(FUNCTION_WORDS) : r < 0.8 ? pick(topic) : r < 0.95 ? pick(vocabulary) : String(1000 + Math.floor(random() * 1000)));
      }
      count += length;
      sentences.push(`${parts.join(" ")}.`);
    }
    paragraphs.push(sentences.join(" "));
  }
  return paragraphs.join("\n\n");
}
