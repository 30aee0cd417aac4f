/**
 * Scoring one reading of one question: what the question's gold target is (located evidence,
 * else answers the document holds), and the reading's span recall, answer recall and
 * tokens-to-evidence against it. Only ranges of the question's own document count.
 */
import type { Span } from "../index.js";
import type { EvalDocument, EvalQuestion } from "./dataset.js";
import { locateEvidenceDetailed } from "./locate.js";
import { answerRecall, evidenceStep, locatableAnswers, spanRecall } from "./metrics.js";
import { choiceCorrect, exactMatch, f1Score, rougeL } from "./quality.js";
import { mergeSpans, readTextOf } from "./spans.js";
import type { Reading } from "./methods/method.js";
import { pushAll } from "../internal.js";

/** What a question is scored against. */
export interface QuestionTarget {
  /** `evidence`: span recall; `answer`: answer recall only; `none`: not scorable here. */
  readonly kind: "evidence" | "answer" | "none";
  /** The located evidence strings' ranges, merged (absent when none was located). */
  readonly evidence?: readonly Span[];
  readonly evidenceStrings: number;
  readonly evidenceLocated: number;
  /** How the located strings were found: exact, loose (whitespace/case), pieces (lines). */
  readonly locatedBy: Readonly<Record<"exact" | "loose" | "pieces", number>>;
  /** Gold answers the document holds (yes/no answers left out). */
  readonly answers: readonly string[];
}

/** Locates a question's evidence and answers in its document. */
export function questionTarget(question: EvalQuestion, doc: EvalDocument): QuestionTarget {
  const locatedBy = { exact: 0, loose: 0, pieces: 0 };
  const spans: Span[] = [];
  let located = 0;
  for (const e of question.evidence) {
    const found = locateEvidenceDetailed(doc.text, e);
    if (!found) continue;
    located++;
    locatedBy[found.method]++;
    pushAll(spans, found.spans);
  }
  const answers = locatableAnswers(question.answers, doc.text);
  const kind = located > 0 ? "evidence" : answers.length > 0 ? "answer" : "none";
  return {
    kind,
    ...(located > 0 ? { evidence: mergeSpans(spans) } : {}),
    evidenceStrings: question.evidence.length,
    evidenceLocated: located,
    locatedBy,
    answers,
  };
}

/** The figures of one reading. */
export interface ReadingScore {
  readonly tokens: number;
  readonly steps: number;
  readonly ms: number;
  /** Span recall (evidence questions). */
  readonly spanRecall?: number;
  /** 1 when a gold answer was read, else 0 (questions whose document holds an answer). */
  readonly answerRecall?: number;
  /** The primary figure: span recall for evidence questions, answer recall otherwise; absent when not scorable. */
  readonly recall?: number;
  /** Context tokens read until the evidence counted as read; absent when it never did. */
  readonly tokensToEvidence?: number;
  readonly stop?: string;
  /** Answer quality, when the method wrote an answer and the question has gold answers. */
  readonly exactMatch?: number;
  readonly f1?: number;
  readonly rougeL?: number;
  /** 1 when the answer chose the gold option (multiple-choice questions). */
  readonly choice?: number;
}

/**
 * Scores a reading: retrieval against the target (when scorable), and the answer against the
 * question's gold answers or option when `question` is given (methods answering with a model).
 */
export function scoreReading(reading: Reading, target: QuestionTarget, doc: EvalDocument, question?: EvalQuestion): ReadingScore {
  const base = { tokens: reading.tokens, steps: reading.steps.length, ms: Math.round(reading.ms * 10) / 10, ...(reading.stop !== undefined ? { stop: reading.stop } : {}) };
  const quality = answerQuality(reading.answer, question);
  if (target.kind === "none") return { ...base, ...quality };
  const own = reading.steps.map((s) => ({ spans: s.docId === doc.docId ? s.spans : [], tokens: s.tokens }));
  const spans = own.flatMap((s) => s.spans);
  const span = target.evidence ? spanRecall(target.evidence, spans, doc.text) : undefined;
  const answer = target.answers.length > 0 ? (answerRecall(target.answers, readTextOf(doc.text, spans)) ? 1 : 0) : undefined;
  const at = evidenceStep(own, target.evidence, target.answers, doc.text);
  let tte: number | undefined;
  if (at >= 0) {
    tte = 0;
    for (let i = 0; i <= at; i++) tte += own[i]?.tokens ?? 0;
  }
  return {
    ...base,
    ...(span !== undefined ? { spanRecall: round(span) } : {}),
    ...(answer !== undefined ? { answerRecall: answer } : {}),
    recall: round(span ?? answer ?? 0),
    ...(tte !== undefined ? { tokensToEvidence: tte } : {}),
    ...quality,
  };
}

function answerQuality(answer: string | undefined, question: EvalQuestion | undefined): Partial<ReadingScore> {
  if (answer === undefined || question === undefined) return {};
  const out: { exactMatch?: number; f1?: number; rougeL?: number; choice?: number } = {};
  if (question.options && question.options.length > 0 && question.goldOption !== undefined) {
    out.choice = choiceCorrect(answer, question.goldOption, question.options);
  } else if (question.answers.length > 0) {
    out.exactMatch = exactMatch(answer, question.answers);
    out.f1 = round(f1Score(answer, question.answers));
    out.rougeL = round(rougeL(answer, question.answers));
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
