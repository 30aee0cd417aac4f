/**
 * The model-free Reader: names the answer as a verbatim span of what was read (a date, a
 * name, a number ... when the question asks for one; the best complete sentence otherwise),
 * cites the sentence it came from first and up to two more strong sentences after it, and
 * says when what was read does not hold the answer (`found: false`, with the closest passages
 * as citations). It never writes text of its own except that one not-found sentence.
 */
import type { Reader, ReaderInput, ReaderOutput } from "./reader.js";
import type { Citation } from "./citations.js";
import { DEFAULT_EXTRACT, extractAnswer, type ExtractOptions } from "./extract.js";
import { DEFAULT_ABSTAIN, DEFAULT_CONFIDENCE, NOT_FOUND_ANSWER, rightProbability, supportProbability, type AbstainModel, type ConfidenceModel } from "./abstain.js";

export const DEFAULT_EXTRACTIVE = { extraCitations: 2, extraShare: 0.6 };

export interface ExtractiveReaderOptions extends Partial<typeof DEFAULT_EXTRACTIVE> {
  readonly extract?: Partial<ExtractOptions>;
  readonly abstain?: AbstainModel;
  readonly confidence?: ConfidenceModel;
}

export function createExtractiveReader(options: ExtractiveReaderOptions = {}): Reader {
  const { extraCitations } = { ...DEFAULT_EXTRACTIVE, ...options };
  const model = options.abstain ?? DEFAULT_ABSTAIN;
  const confidenceModel = options.confidence ?? DEFAULT_CONFIDENCE;
  const extract = { ...DEFAULT_EXTRACT, ...options.extract };
  return {
    id: "extractive",
    read(input: ReaderInput): Promise<ReaderOutput> {
      const x = extractAnswer(input.question, input.items, extract, input.termIdf);
      if (!x.sentence) return Promise.resolve({ answer: "", citations: [], found: false, confidence: 0 });
      // found: what was read holds an answer; confidence: the answer chosen is right (two fitted models, abstain.ts).
      const found = supportProbability(x.features, model) >= model.threshold;
      const confidence = rightProbability(x.features, confidenceModel);
      const citations: Citation[] = [];
      const seen = new Set<string>();
      for (const s of x.ranked) {
        const key = `${s.citation.docId}:${s.citation.start}:${s.citation.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        citations.push(s.citation);
        if (citations.length > extraCitations) break;
      }
      return Promise.resolve({
        answer: found ? x.answer : NOT_FOUND_ANSWER,
        citations,
        found,
        confidence: Math.round(confidence * 1e4) / 1e4,
        ...(found ? {} : { candidate: x.answer }),
      });
    },
  };
}
