/**
 * Answer metrics of the readers (docs/answers.md): every short-answer question asked of its
 * own document (default settings), and again of another document of its set, with
 * - answer hit: a gold short answer, normalised the SQuAD way, occurs in the answer shown
 *   (its first 300 characters), and token F1 (SQuAD), an abstention counting as a miss;
 * - the ceiling: a gold answer occurs anywhere in what the walk read;
 * - the baseline: the best BM25 sentence of the document (statistics over its sentences);
 * - abstention: `found` on own-document and on wrong-document questions, and the AUROC of
 *   the confidence separating the two.
 */
import { createEngine, type AskResult, type DocId, type Engine } from "../index.js";
import { loadDataset, type Dataset, type EvalQuestion } from "./dataset.js";
import { answerRecall, f1Score, locatableAnswers, normalizeAnswer, readTextOf } from "./metrics.js";
import { addToStats, bm25, createExtractiveReader, emptyStats, extractAnswer, splitSentences, termFrequencies, weightQuery, type Reader, type SupportFeatures } from "../internal.js";
import { analyze } from "../index.js";

/** Characters of an answer in which the gold answer must occur. */
export const ANSWER_PREFIX = 300;
/** A gold answer of at most this many words is a short answer. */
export const SHORT_ANSWER_WORDS = 8;

export type Asked = "own" | "other-document" | "other-set" | "unanswerable";

export interface AnswerRecord {
  readonly set: string;
  readonly id: string;
  /** The question's own document, and the document it was asked of. */
  readonly docId: DocId;
  readonly askedOf: DocId;
  readonly asked: Asked;
  readonly answer: string;
  readonly found: boolean;
  readonly confidence: number;
  readonly features: SupportFeatures;
  /** Own-document questions only: hit and F1 of the answer shown, the read ceiling, the baseline. */
  readonly hit?: boolean;
  readonly f1?: number;
  /** Hit of the answer the reader chose, before abstention. */
  readonly chosenHit?: boolean;
  readonly read?: boolean;
  /** The gold answer is in the sentence the answer came from (its first citation). */
  readonly sentenceHit?: boolean;
  readonly baselineHit?: boolean;
  readonly baselineF1?: number;
}

/** The short gold answers of a question that occur in its document (none: not a short-answer question). */
export function shortAnswers(q: EvalQuestion, docText: string): string[] {
  return locatableAnswers(q.answers, docText).filter((a) => normalizeAnswer(a).split(" ").length <= SHORT_ANSWER_WORDS);
}

/** True when the question's gold answers say it cannot be answered from the paper (qasper). */
export function isUnanswerable(q: EvalQuestion): boolean {
  return q.answers.length > 0 && q.answers.every((a) => normalizeAnswer(a) === "unanswerable");
}

/** The best BM25 sentence of a text for a question (statistics over the text's sentences). */
export function bestBm25Sentence(text: string, question: string): string {
  const spans = splitSentences(text);
  const tfs = spans.map((s) => termFrequencies(text.slice(s.start, s.end)));
  const lengths = Uint32Array.from(tfs.map((tf) => [...tf.values()].reduce((a, b) => a + b, 0)));
  const stats = emptyStats();
  addToStats(stats, tfs, lengths);
  const query = weightQuery(analyze(question), stats);
  const avg = stats.count > 0 ? stats.totalLength / stats.count : 1;
  let best = -1;
  let at = 0;
  tfs.forEach((tf, i) => {
    const score = bm25(query, tf, lengths[i]!, avg);
    if (score > best) {
      best = score;
      at = i;
    }
  });
  const span = spans[at];
  return span ? text.slice(span.start, span.end) : "";
}

/** A reader that answers like `inner` and keeps the extraction's support features for the record. */
function recordingReader(inner: Reader, keep: (f: SupportFeatures, candidate: string) => void): Reader {
  return {
    id: inner.id,
    async read(input) {
      const output = await inner.read(input);
      const x = extractAnswer(input.question, input.items, {}, input.termIdf);
      keep(x.features, output.candidate ?? output.answer);
      return output;
    },
  };
}

export interface AnswerRunOptions {
  readonly dataDir: string;
  readonly datasets: readonly string[];
  /** At most this many questions per set. */
  readonly limit?: number;
  /** Also ask each question of a document of the next set (abstention fitting). */
  readonly otherSet?: boolean;
  readonly reader?: Reader;
  readonly onProgress?: (set: string, done: number, total: number) => void;
}

async function askRecorded(engine: Engine, reader: Reader, question: string, docId: DocId): Promise<{ result: AskResult; features: SupportFeatures; candidate: string }> {
  let features: SupportFeatures | undefined;
  let candidate = "";
  const result = await engine.ask(question, {
    docIds: [docId],
    reader: recordingReader(reader, (f, c) => {
      features = f;
      candidate = c;
    }),
  });
  if (!features) throw new Error("the reader was not called");
  return { result, features, candidate };
}

/** Asks every short-answer (and unanswerable) question of its own document and of a wrong one. */
export async function runAnswers(options: AnswerRunOptions): Promise<AnswerRecord[]> {
  const reader = options.reader ?? createExtractiveReader();
  const sets: Dataset[] = [];
  for (const name of options.datasets) sets.push(await loadDataset(options.dataDir, name, { allDocuments: true, ...(options.limit ? { limit: options.limit } : {}) }));
  const engine = createEngine({ dbPath: ":memory:" });
  const records: AnswerRecord[] = [];
  try {
    for (const set of sets) {
      await engine.ingestDocuments(set.documents.map((d) => ({ docId: d.docId, title: d.title, text: d.text, source: "eval", ...(d.pageStarts ? { pageStarts: d.pageStarts } : {}) })));
    }
    for (const [s, set] of sets.entries()) {
      const docs = new Map(set.documents.map((d) => [d.docId, d]));
      const ids = set.documents.map((d) => d.docId);
      const nextSet = sets[(s + 1) % sets.length];
      let done = 0;
      for (const q of set.questions) {
        options.onProgress?.(set.name, done++, set.questions.length);
        const doc = docs.get(q.docId);
        if (!doc) continue;
        const gold = shortAnswers(q, doc.text);
        const unanswerable = isUnanswerable(q);
        if (gold.length === 0 && !unanswerable) continue;
        const own = await askRecorded(engine, reader, q.question, q.docId);
        const base = { set: set.name, id: q.id, docId: q.docId };
        if (unanswerable) {
          records.push({ ...base, askedOf: q.docId, asked: "unanswerable", answer: own.result.answer, found: own.result.found, confidence: own.result.confidence, features: own.features });
          continue;
        }
        const baseline = bestBm25Sentence(doc.text, q.question);
        const shown = own.result.answer.slice(0, ANSWER_PREFIX);
        records.push({
          ...base,
          askedOf: q.docId,
          asked: "own",
          answer: own.result.answer,
          found: own.result.found,
          confidence: own.result.confidence,
          features: own.features,
          hit: own.result.found && answerRecall(gold, shown),
          f1: own.result.found ? f1Score(own.result.answer, gold) : 0,
          chosenHit: answerRecall(gold, own.candidate.slice(0, ANSWER_PREFIX)),
          sentenceHit: answerRecall(gold, own.result.citations[0]?.text ?? ""),
          read: answerRecall(gold, readTextOf(doc.text, own.result.context.flatMap((c) => c.spans))),
          baselineHit: answerRecall(gold, baseline.slice(0, ANSWER_PREFIX)),
          baselineF1: f1Score(baseline, gold),
        });
        const wrong = ids[(ids.indexOf(q.docId) + Math.max(1, Math.floor(ids.length / 2))) % ids.length];
        if (wrong && wrong !== q.docId) {
          const other = await askRecorded(engine, reader, q.question, wrong);
          records.push({ ...base, askedOf: wrong, asked: "other-document", answer: other.result.answer, found: other.result.found, confidence: other.result.confidence, features: other.features });
        }
        const foreign = options.otherSet && nextSet && nextSet !== set ? nextSet.documents[done % nextSet.documents.length] : undefined;
        if (foreign) {
          const other = await askRecorded(engine, reader, q.question, foreign.docId);
          records.push({ ...base, askedOf: foreign.docId, asked: "other-set", answer: other.result.answer, found: other.result.found, confidence: other.result.confidence, features: other.features });
        }
      }
    }
  } finally {
    await engine.close();
  }
  return records;
}
