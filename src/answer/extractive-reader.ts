/**
 * The model-free Reader: the read sentence that best supports an answer (highest relevance,
 * ties to the one covering more question terms), with up to two more strong sentences as
 * further citations. It never writes text of its own: the answer is a verbatim quote.
 */
import type { Reader, ReaderInput, ReaderOutput } from "./reader.js";
import { citationsOf } from "./citations.js";

export const DEFAULT_EXTRACTIVE = { extraCitations: 2, extraShare: 0.6 };

export function createExtractiveReader(options: Partial<typeof DEFAULT_EXTRACTIVE> = {}): Reader {
  const { extraCitations, extraShare } = { ...DEFAULT_EXTRACTIVE, ...options };
  return {
    id: "extractive",
    read(input: ReaderInput): Promise<ReaderOutput> {
      const ranked = input.items
        .map((item, i) => ({ item, i }))
        .filter(({ item }) => item.unit.spans.length > 0)
        .sort((a, b) => b.item.relevance - a.item.relevance || a.i - b.i);
      const best = ranked[0];
      if (!best || best.item.relevance <= 0) {
        return Promise.resolve({ answer: "", citations: [] });
      }
      const chosen = [best, ...ranked.slice(1).filter((r) => r.item.relevance >= extraShare * best.item.relevance).slice(0, extraCitations)];
      return Promise.resolve({
        answer: best.item.unit.text,
        citations: chosen.flatMap(({ item }) => citationsOf(item.unit)),
      });
    },
  };
}
