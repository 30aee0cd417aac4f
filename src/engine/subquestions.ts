/**
 * Sub-questions in the engine (LLM tier, `AskOptions.subQuestions`, off by default): the planner
 * (control/subquestions.ts) splits the question into a small DAG; each sub-question, with its
 * parents' answers, gets its own relevance (units an earlier sub-question read set to 0) and
 * walk over the same documents, on an equal share of the budget, and its own reader call; the engine's reader then merges: it reads
 * every distinct unit the walks read, with the sub-answers after the question. A plan that is
 * refused (bad JSON, a cycle, an unknown reference, no split) falls back to the plain walk.
 */
import { isPecanError } from "../core/errors.js";
import { definedFields } from "../core/objects.js";
import { analyzeQuery } from "../retrieval/query.js";
import { scoreRelevance, type RelevanceOptions } from "../retrieval/relevance.js";
import type { DocUnits } from "../retrieval/units.js";
import { DEFAULT_WALK, walk, type Judge, type WalkEvent, type WalkPolicy, type WalkStep, type WalkTrace } from "../retrieval/walk.js";
import type { Reader } from "../answer/reader.js";
import { planSubQuestions, type Plan, type SubQuestion } from "../control/subquestions.js";
import type { ChatModel } from "../llm/spec.js";

/** What each sub-question found, for the trace. */
export interface SubAnswer {
  readonly id: string;
  readonly question: string;
  readonly dependsOn: readonly string[];
  readonly answer: string;
  readonly tokensRead: number;
}

/** How sub-questions went: used with their answers, or not used and why. */
export type SubQuestionReport = { readonly used: true; readonly questions: readonly SubAnswer[] } | { readonly used: false; readonly reason: string };

export interface SubQuestionWalkInput {
  readonly view: readonly DocUnits[];
  readonly question: string;
  readonly plan: readonly SubQuestion[];
  readonly judge: Judge;
  readonly reader: Reader;
  readonly policy: Partial<WalkPolicy>;
  readonly relevanceOptions?: Partial<RelevanceOptions>;
  readonly termIdf: (term: string) => number;
  readonly signal?: AbortSignal;
}

/** The end of a sub-question walk: the merged trace, the reader's question, the report. */
export interface SubQuestionDone {
  readonly type: "walk-done";
  readonly trace: WalkTrace;
  readonly readerQuestion: string;
  readonly subQuestions: SubQuestionReport;
}

/** A sub-question with its parents' questions and answers, as its reader reads it. */
export function withParents(sub: SubQuestion, answers: ReadonlyMap<string, SubAnswer>): string {
  const known = sub.dependsOn.flatMap((id) => {
    const a = answers.get(id);
    return a && a.answer.length > 0 ? [`${a.question} ${a.answer}`] : [];
  });
  return known.length > 0 ? `${sub.question}\nKnown: ${known.join("; ")}` : sub.question;
}

/**
 * What a sub-question's walk looks for: the sub-question and its parents' answers (citation
 * markers dropped), not the parents' questions, which lead back to what the parents read.
 */
export function walkText(sub: SubQuestion, answers: ReadonlyMap<string, SubAnswer>): string {
  const known = sub.dependsOn.map((id) => answers.get(id)?.answer.replace(/\[[\d,\s-]*\]/g, " ") ?? "");
  return [sub.question, ...known].join(" ").replace(/\s+/g, " ").trim();
}

/** The merging reader's question: the question, then what each sub-question found. */
export function mergedQuestion(question: string, answers: readonly SubAnswer[]): string {
  const found = answers.filter((a) => a.answer.length > 0);
  if (found.length === 0) return question;
  return `${question}\nAnswers found for its parts:\n${found.map((a) => `- ${a.question} ${a.answer}`).join("\n")}`;
}

/**
 * Walks each sub-question in plan order, yielding every step (a unit read twice is yielded
 * once), then one `walk-done` with the merged trace.
 */
export async function* subQuestionWalk(input: SubQuestionWalkInput): AsyncGenerator<WalkEvent | SubQuestionDone> {
  const { view, plan, judge, reader, policy } = input;
  const total = policy.budget ?? DEFAULT_WALK.budget;
  const share = Math.max(1, Math.floor(total / plan.length));
  const answers = new Map<string, SubAnswer>();
  const steps: WalkStep[] = [];
  const seen = new Set<string>();
  let judgeCalls = 0;
  let stop: WalkTrace["stop"] = "budget";
  for (const sub of plan) {
    const text = withParents(sub, answers);
    // Relevance follows the sub-question and its parents' answers; the judge reads the sub-question as the reader does.
    const query = { ...analyzeQuery(walkText(sub, answers)), text };
    const relevance = scoreRelevance(view, query, input.relevanceOptions);
    // What an earlier sub-question read is already in the merged context: this walk looks elsewhere.
    for (const key of seen) {
      const [doc, unit] = key.split(":").map(Number) as [number, number];
      relevance.unit[doc]![unit] = 0;
    }
    let trace: WalkTrace | undefined;
    for await (const event of walk({ view, query, relevance, judge, policy: { ...policy, budget: share }, ...definedFields({ signal: input.signal }) })) {
      if (event.type === "walk-done") {
        trace = event.trace;
        break;
      }
      const { doc, unit } = event.step.ref;
      if (seen.has(`${doc}:${unit}`)) continue;
      seen.add(`${doc}:${unit}`);
      // An information point's quoted sentences are read with it (`covers`), in this walk and the next.
      for (const c of view[doc]!.covers[unit]!) seen.add(`${doc}:${c}`);
      steps.push(event.step);
      yield event;
    }
    if (!trace) throw new Error("walk ended without a trace");
    judgeCalls += trace.judgeCalls;
    stop = trace.stop;
    const items = trace.steps.map((s) => ({ unit: s.unit, relevance: relevance.unit[s.ref.doc]![s.ref.unit]!, title: view[s.ref.doc]!.title }));
    let answer = "";
    try {
      answer = items.length > 0 ? (await reader.read({ question: text, items, termIdf: input.termIdf, ...definedFields({ signal: input.signal }) })).answer.trim() : "";
    } catch (error) {
      // A spent token budget leaves this sub-question unanswered; the merge still reads its passages.
      if (!isPecanError(error) || error.code !== "E_BUDGET") throw error;
    }
    answers.set(sub.id, { id: sub.id, question: sub.question, dependsOn: sub.dependsOn, answer, tokensRead: trace.tokensRead });
  }
  const found = [...answers.values()];
  yield {
    type: "walk-done",
    trace: { steps, stop, tokensRead: steps.reduce((n, s) => n + s.tokens, 0), judge: judge.id, judgeCalls },
    readerQuestion: mergedQuestion(input.question, found),
    subQuestions: { used: true, questions: found },
  };
}

/** The plan for a question, or why there is none (no chat model: the model-free tier has no planner). */
export async function planFor(chat: ChatModel | undefined, question: string, signal?: AbortSignal): Promise<Plan> {
  if (!chat) return { ok: false, reason: "sub-questions need a chat model (the LLM tier); the plain walk was used" };
  return planSubQuestions(chat, question, definedFields({ signal }));
}
