/**
 * Pecan itself, through its public API: one engine over a fresh in-memory store holding the
 * corpus (ingested once, shared by `pecan` and `pecan-fill`), asked each question at each
 * budget (the step cap raised to the budget, so only the budget binds). `pecan` stops when the
 * judge says the answer has been read (the budget is a cap);
 * `pecan-fill` ignores the judge and reads up to the budget. What was read is the answer's
 * `context` (verbatim ranges per node read) with the tokens of each step from its trace.
 */
import { createEngine, DEFAULT_WALK, type AskResult, type DocId, type Engine, type EngineOptions, type WalkPolicy } from "../../index.js";
import type { EvalQuestion } from "../dataset.js";
import type { Corpus } from "./corpus.js";
import type { Method, PreparedMethod, Reading, ReadingStep } from "./method.js";

/** The steps of an answer: each context item with the tokens its trace step cost. */
export function readingOf(result: AskResult): Reading {
  const steps: ReadingStep[] = result.context.map((item, i) => ({
    docId: item.docId,
    spans: item.spans,
    tokens: result.trace.steps[i]?.tokens ?? 0,
  }));
  return {
    steps,
    tokens: result.cost.tokensRead,
    ms: result.cost.ms,
    stop: result.trace.stop,
    ...(result.answer.length > 0 ? { answer: result.answer } : {}),
  };
}

async function sharedEngine(corpus: Corpus, options: Partial<EngineOptions>, onProgress?: (label: string) => void): Promise<Engine> {
  return corpus.memo("pecan-engine", async () => {
    const engine = createEngine({ ...options, dbPath: ":memory:" });
    corpus.onDispose(() => void engine.close());
    for (const doc of corpus.documents) {
      onProgress?.(`pecan ingest ${doc.docId}`);
      await engine.ingestDocuments([
        { docId: doc.docId, title: doc.title, text: doc.text, source: "eval", ...(doc.pageStarts ? { pageStarts: doc.pageStarts } : {}) },
      ]);
    }
    return engine;
  });
}

/** Options of the Pecan methods: engine options (a chat model, say) and ask options. */
export interface PecanMethodOptions {
  readonly engine?: Partial<EngineOptions>;
  readonly patience?: number;
}

/**
 * What Pecan is asked: the question, and for a multiple-choice question answered by a chat
 * model, its options lettered A-D with a request for the letter.
 */
export function askText(question: EvalQuestion, withOptions: boolean): string {
  if (!withOptions || !question.options || question.options.length === 0) return question.question;
  const letters = question.options.map((o, i) => `${String.fromCharCode(65 + i)}. ${o}`);
  return `${question.question}\n${letters.join("\n")}\nAnswer with the letter of the correct option.`;
}

/**
 * Which documents a question may open, given the setting's scope (undefined: the whole corpus,
 * which leaves the choice to the engine's coarse stage).
 */
export type PickDocuments = (question: EvalQuestion, scope: readonly DocId[] | undefined, corpus: Corpus) => readonly DocId[] | undefined;

export function pecanMethod(name: string, fill: boolean, description: string, options: PecanMethodOptions, walk?: Partial<WalkPolicy>, pick?: PickDocuments): Method {
  const chat = options.engine?.chat !== undefined;
  return {
    name,
    kind: fill ? "budget" : "adaptive",
    description: chat ? `${description}; answers by ${options.engine?.chat?.id ?? "a chat model"}` : description,
    answers: chat,
    async prepare(corpus: Corpus, onProgress?: (label: string) => void): Promise<PreparedMethod> {
      const engine = await sharedEngine(corpus, options.engine ?? {}, onProgress);
      return {
        async read(question: EvalQuestion, given: readonly DocId[] | undefined, budgets: readonly number[]): Promise<Reading[]> {
          const scope = pick ? pick(question, given, corpus) : given;
          const readings: Reading[] = [];
          for (const budget of budgets) {
            const result = await engine.ask(askText(question, chat), {
              ...(scope ? { docIds: scope } : {}),
              budget,
              // The step cap must not bind before the budget does: every step reads at least a token.
              maxSteps: Math.max(DEFAULT_WALK.maxSteps, budget),
              fill,
              ...(walk ? { walk } : {}),
              ...(options.patience !== undefined ? { patience: options.patience } : {}),
            });
            readings.push(readingOf(result));
          }
          return readings;
        },
      };
    },
  };
}

/** Adaptive Pecan: the judge may stop before the budget. */
export function pecanAdaptive(options: PecanMethodOptions = {}): Method {
  return pecanMethod("pecan", false, "Pecan's walk, stopping when the judge says the answer has been read (budget as a cap)", options);
}

/** Pecan filled to the budget: the same walk, judge ignored. */
export function pecanFill(options: PecanMethodOptions = {}): Method {
  return pecanMethod("pecan-fill", true, "Pecan's walk read up to the budget (judge ignored)", options);
}

/**
 * An ablation: Pecan's walk filled to the budget without its hierarchy (no start nodes, no
 * relevance pushed down the edges, no section level), so it reads leaf sentences by direct relevance and
 * neighbourhood alone. What `pecan-fill` gains over it is what the graph earns.
 */
export function pecanFlat(options: PecanMethodOptions = {}): Method {
  return pecanMethod("pecan-flat", true, "ablation: pecan-fill without the hierarchy (no start nodes, nothing pushed down the edges, no section prior)", options, {
    startShare: 0,
    push: 0,
    section: 0,
  });
}
