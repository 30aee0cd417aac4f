/**
 * Aggregates per-question scores into one row per method and budget: means of recall, tokens,
 * steps and milliseconds, the median tokens-to-evidence (a question whose evidence was never
 * read counts as infinitely many tokens, so the median is honest about misses), and for the
 * adaptive walk the judge's calibration: how often it stopped before the evidence was read
 * (premature) and how many tokens it read after the evidence was read (late).
 */
import type { MethodKind } from "./methods/method.js";
import type { ReadingScore } from "./score.js";

/** One scored reading of one question. */
export interface RunRecord extends ReadingScore {
  readonly method: string;
  /** The budget asked for; null for methods that ignore it (the full document). */
  readonly budget: number | null;
}

/** The figures of one method at one budget over a set's scored questions. */
export interface MethodSummary {
  readonly method: string;
  readonly kind: MethodKind;
  readonly budget: number | null;
  readonly questions: number;
  /** Mean primary recall: span recall for evidence questions, answer recall for the others. */
  readonly recall: number;
  /** Mean span recall over evidence questions (null when there are none). */
  readonly spanRecall: number | null;
  readonly evidenceQuestions: number;
  /** Share of questions (whose document holds an answer) where a gold answer was read. */
  readonly answerRecall: number | null;
  readonly answerQuestions: number;
  readonly tokens: number;
  readonly steps: number;
  readonly ms: number;
  /** Median tokens-to-evidence; null when the evidence was read for at most half the questions. */
  readonly tokensToEvidence: number | null;
  /** Share of questions whose evidence was read. */
  readonly evidenceRead: number;
  /** Adaptive only: share of questions where the judge stopped before the evidence was read. */
  readonly premature?: number;
  /** Adaptive only: median tokens read after the evidence was read (questions where it was). */
  readonly late?: number | null;
  /** Adaptive only: how the walks stopped. */
  readonly stops?: Readonly<Record<string, number>>;
  /** Answer quality over the questions the method answered (absent when it wrote no answers). */
  readonly answers?: {
    readonly questions: number;
    readonly exactMatch: number | null;
    readonly f1: number | null;
    readonly rougeL: number | null;
    /** Multiple-choice accuracy over questions with options. */
    readonly choiceAccuracy: number | null;
    readonly choiceQuestions: number;
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Median of finite and infinite values; null when the median is infinite or there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const m = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Number.isFinite(m) ? m : null;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Summaries of every (method, budget) present in the records, in the given method order. */
export function summarize(records: readonly RunRecord[], kinds: ReadonlyMap<string, MethodKind>): MethodSummary[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const key = `${r.method}\u0000${r.budget ?? ""}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const order = [...kinds.keys()];
  const out: MethodSummary[] = [];
  for (const all of groups.values()) {
    const first = all[0] as RunRecord;
    const kind = kinds.get(first.method) ?? "budget";
    // Retrieval figures cover the scorable questions; answer quality every question answered.
    const list = all.filter((r) => r.recall !== undefined);
    const span = list.flatMap((r) => (r.spanRecall !== undefined ? [r.spanRecall] : []));
    const answer = list.flatMap((r) => (r.answerRecall !== undefined ? [r.answerRecall] : []));
    const tte = list.map((r) => r.tokensToEvidence ?? Number.POSITIVE_INFINITY);
    const n = Math.max(1, list.length);
    let summary: MethodSummary = {
      method: first.method,
      kind,
      budget: first.budget,
      questions: list.length,
      recall: r4(mean(list.map((r) => r.recall ?? 0))),
      spanRecall: span.length > 0 ? r4(mean(span)) : null,
      evidenceQuestions: span.length,
      answerRecall: answer.length > 0 ? r4(mean(answer)) : null,
      answerQuestions: answer.length,
      tokens: r1(mean(list.map((r) => r.tokens))),
      steps: r1(mean(list.map((r) => r.steps))),
      ms: r1(mean(list.map((r) => r.ms))),
      tokensToEvidence: median(tte),
      evidenceRead: r4(list.filter((r) => r.tokensToEvidence !== undefined).length / n),
    };
    if (kind === "adaptive") {
      const stops: Record<string, number> = {};
      for (const r of list) stops[r.stop ?? "unknown"] = (stops[r.stop ?? "unknown"] ?? 0) + 1;
      const premature = list.filter((r) => r.stop === "sufficient" && r.tokensToEvidence === undefined).length;
      const late = list.flatMap((r) => (r.tokensToEvidence !== undefined ? [r.tokens - r.tokensToEvidence] : []));
      summary = { ...summary, premature: r4(premature / n), late: median(late), stops };
    }
    const answered = all.filter((r) => r.f1 !== undefined || r.choice !== undefined);
    if (answered.length > 0) {
      const of = (pick: (r: RunRecord) => number | undefined) => {
        const values = answered.flatMap((r) => (pick(r) !== undefined ? [pick(r) as number] : []));
        return values.length > 0 ? r4(mean(values)) : null;
      };
      summary = {
        ...summary,
        answers: {
          questions: answered.length,
          exactMatch: of((r) => r.exactMatch),
          f1: of((r) => r.f1),
          rougeL: of((r) => r.rougeL),
          choiceAccuracy: of((r) => r.choice),
          choiceQuestions: answered.filter((r) => r.choice !== undefined).length,
        },
      };
    }
    out.push(summary);
  }
  return out.sort(
    (a, b) => order.indexOf(a.method) - order.indexOf(b.method) || (a.budget ?? Number.POSITIVE_INFINITY) - (b.budget ?? Number.POSITIVE_INFINITY),
  );
}
