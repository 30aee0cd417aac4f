/**
 * The progress-controlled walk of PECAN (Wang et al., "LLM-Guided Dynamic Progress Control with
 * Attention-Guided Hierarchical Weighted Graph for Long-Document QA", ACL Findings 2025, §3.2):
 * start from the top level, then one unit per step, read the best-scoring unread unit anywhere
 * in the graph, where
 *
 *   score(v) = push · Σ_{u read, u parent of v} r(u) · w(u → v)     (relevance pushed down edges)
 *            + neighbour · r(read sentences next to v)               (evidence is contiguous)
 *            + lambda · Relevance(question, v)                       (direct, global)
 *
 * and ask a judge after each step. Stops on the judge's p-th "sufficient", on the token budget,
 * on the step cap, or when nothing is left; hard caps hold whatever a judge says. The scores and
 * what was read live in walk-state.ts; the stop conditions are predicates (stop.ts).
 * A pure function of its inputs: it reads the view and relevance and mutates neither.
 */
import { UsageError } from "../core/errors.js";
import type { Judge, Verdict } from "../control/judge-spec.js";
import { nestsClause, type Query } from "./query.js";
import type { Relevance } from "./relevance.js";
import type { DocUnits } from "./units.js";
import { WalkState, type ScoreWeights, type WalkStep } from "./walk-state.js";
import {
  judgeIsSpent,
  judgeSaysSufficient,
  nothingFits,
  nothingUnread,
  stepCountIs,
  type StopReason,
  type WalkProgress,
} from "./stop.js";
import { maxOf } from "../core/arrays.js";
import { BARE_LABEL_FLAG } from "./sections.js";

export type { StopReason } from "./stop.js";
export type { Judge, JudgeInput, JudgeSchedule, Verdict } from "../control/judge-spec.js";
export type { UnitRef, WalkStep } from "./walk-state.js";

/** The walk's caps and stop rule, and the weights of its score (`ScoreWeights`, walk-state.ts). */
export interface WalkPolicy extends ScoreWeights {
  /** Hard cap on context tokens read (start nodes included). */
  readonly budget: number;
  /** Hard cap on steps (each read unit is a step). */
  readonly maxSteps: number;
  /** Stop after the judge's p-th "sufficient". */
  readonly patience: number;
  /** Ignore the judge and read up to the budget. */
  readonly fill: boolean;
  /** Share of the budget the start (top-level) nodes may take. */
  readonly startShare: number;
  /**
   * Factor by which the neighbour weight grows under a larger cap: 1 up to `WIDE_FROM` tokens,
   * `wide` from twice that, log-linear between. A larger budget should read evidence whole (a
   * clause, a table, a paragraph), so sentences next to what was read count for more (1: off).
   */
  readonly wide: number;
  /**
   * Factor of the bridge weight for a question that nests a clause (`nestsClause`, query.ts),
   * whose bridged sentences also lend what the bridge gave them to their neighbours
   * (`bridgeCarry`); 1: such questions walk as any other. A nested question names its first hop
   * only ("the association which published ..."), so the names its first hop reads count for
   * more, and the second hop's paragraph is read whole, not only its bridged sentence.
   */
  readonly nested: number;
  /**
   * The cap, in tokens, from which `proseCarry` applies (in documents that are at least
   * `proseCarryLines` lines): under a smaller cap a prose sentence passes on only its own relevance.
   */
  readonly proseCarryFrom: number;
  /**
   * Whether the answer-type prior (`typed`) holds for a question that nests a clause too (absent
   * or false: such questions walk without it). A nested question's answer lies a hop past the
   * sentences that match it, and a candidate of the asked-for type in those is seldom the answer.
   */
  readonly typedNested?: boolean;
  /**
   * The cap, in tokens, from which the answer-type prior is off: under a large cap the walk reads
   * the sentences that hold a candidate anyway, and lifting them reorders its reading towards
   * dates and names the question does not ask about.
   */
  readonly typedUntil: number;
}

/** The weight of the answer-type prior a walk under `policy` uses: `typed` under `typedUntil` tokens, else 0. */
export function typedFor(policy: Pick<WalkPolicy, "typed" | "typedUntil" | "budget">): number {
  return policy.budget < policy.typedUntil ? (policy.typed ?? 0) : 0;
}

/** The half-life of the prose carry a walk under `policy` uses: `proseCarry` from `proseCarryFrom` tokens, else 0. */
export function proseCarryFor(policy: Pick<WalkPolicy, "proseCarry" | "proseCarryFrom" | "budget">): number {
  return policy.budget >= policy.proseCarryFrom ? (policy.proseCarry ?? 0) : 0;
}

/** The cap, in tokens, above which the neighbour weight starts to grow by `wide`. */
export const WIDE_FROM = 1000;

/** The neighbour weight a walk under `policy` uses: `neighbour` scaled by `wide` for its cap. */
export function neighbourFor(policy: Pick<WalkPolicy, "neighbour" | "wide" | "budget">): number {
  const ramp = Math.min(1, Math.max(0, Math.log2(policy.budget / WIDE_FROM)));
  return policy.neighbour * (1 + (policy.wide - 1) * ramp);
}

/**
 * Defaults for graphs of extractive IPs (the model-free tier), measured on the dev data by
 * scripts/tune-walk.ts (docs/design-notes.md): there an IP is a sentence of the document, so
 * reading gist sentences first and pushing much relevance down the edges cost more than they
 * gave; a small push remains, neighbouring sentences carry more weight, names read in the
 * most relevant prose bridge to the next hop, a section whose heading names the question
 * lifts its relevant units, under a cap of 2,000 tokens or more neighbours weigh 1 (`wide`) and,
 * in a document that is mostly lines (a filing's tables), a read prose sentence passes on the
 * boost it got (`proseCarry`) and a run of lines carries ten times further (`carryTables`: a
 * table, not a list), a question that nests a clause bridges four times as strongly
 * (`nested`), and under a cap below 4,000 tokens a sentence that holds a date or a name, when the
 * question asks for one, counts for more (`typed`, scaled by how rare such sentences are), and a
 * sentence that quotes a phrase the question quotes is read first (`quoted`, `quotedWhole`).
 */
export const DEFAULT_WALK: WalkPolicy = {
  budget: 1000,
  maxSteps: 1000,
  patience: 1,
  fill: false,
  startShare: 0,
  lambda: 1,
  push: 0.15,
  neighbour: 0.6,
  carry: 1000,
  carryTables: 10000,
  bridge: 0.5,
  bridgeTerms: 8,
  bridgeNames: true,
  bridgeFrom: 0.5,
  section: 2,
  wide: 5 / 3,
  nested: 4,
  proseCarry: 100,
  proseCarryLines: 0.7,
  proseCarryFrom: 2000,
  typed: 2,
  typedRarity: true,
  typedUntil: 4000,
  quoted: 1,
  quotedWhole: true,
};

/**
 * Defaults for graphs of abstractive IPs (built with an LLM summarizer). Such an IP quotes no
 * span, so it is worth reading only for what it says and for where it points: the walk starts
 * from the top level and pushes relevance down as in the paper. Not measured here (no model).
 */
export const ABSTRACTIVE_WALK: Partial<WalkPolicy> = { startShare: 0.1, push: 0.5 };

export interface WalkTrace {
  readonly steps: readonly WalkStep[];
  readonly stop: StopReason;
  readonly tokensRead: number;
  readonly judge: string;
  readonly judgeCalls: number;
}

/** Everything one walk needs. */
export interface WalkInput {
  readonly view: readonly DocUnits[];
  readonly query: Query;
  readonly relevance: Relevance;
  readonly judge: Judge;
  readonly policy?: Partial<WalkPolicy>;
  readonly signal?: AbortSignal;
}

/** Events of a walk, for streaming: one per step, then the trace. */
export type WalkEvent = { readonly type: "walk-step"; readonly step: WalkStep } | { readonly type: "walk-done"; readonly trace: WalkTrace };

/**
 * Runs the walk, yielding each step as it is taken and finally the trace.
 * @example
 * for await (const e of walk({ view, query, relevance, judge, policy: { budget: 500 } })) if (e.type === "walk-done") console.log(e.trace.stop);
 */
export async function* walk(input: WalkInput): AsyncGenerator<WalkEvent, WalkTrace> {
  const { view, query, relevance, judge, signal } = input;
  const p: WalkPolicy = { ...DEFAULT_WALK, ...input.policy };
  if (!(p.push >= 0 && p.neighbour >= 0 && p.lambda >= 0 && p.carry >= 0 && p.bridge >= 0 && p.bridgeTerms >= 0 && p.section >= 0 && p.wide >= 0 && p.nested >= 0)) {
    throw new UsageError(`the walk's weights must be non-negative (push ${p.push}, neighbour ${p.neighbour}, lambda ${p.lambda}, carry ${p.carry}, wide ${p.wide})`);
  }
  const nests = nestsClause(query.text);
  const nested = p.nested !== 1 && p.bridge > 0 && nests;
  const typed = nests && !p.typedNested ? 0 : typedFor(p);
  const weights = nested ? { ...p, typed, bridge: p.bridge * p.nested, bridgeCarry: true } : { ...p, typed };
  const state = new WalkState(view, relevance, { ...weights, neighbour: neighbourFor(p), proseCarry: proseCarryFor(p) }, query.answerType, query.quoted);
  let yes = 0;
  let judgeCalls = 0;
  let judgeSpent = false;
  let nextConsult = judge.schedule?.first ?? 0;

  // A bare label (a heading of at most two words, "HISTCONTROL") cannot be the evidence: the judge
  // is first asked once the walk has read something with more words, so a walk whose best unit
  // is the heading of the section asked about goes on into the section.
  let worded = false;
  const consult = async (): Promise<number | undefined> => {
    if (!worded) worded = state.refs.some((r) => view[r.doc]!.unitLevel[r.unit] !== 0 || (view[r.doc]!.sentenceFlags[r.unit]! & BARE_LABEL_FLAG) === 0);
    if (p.fill || !worded || state.tokensRead < nextConsult) return undefined;
    if (judge.schedule) nextConsult = Math.max(state.tokensRead * judge.schedule.growth, state.tokensRead + 1);
    const next = state.bestUnread(p.budget - state.tokensRead);
    const verdict: Verdict = await judge.judge({
      query,
      view,
      relevance,
      read: state.refs,
      tokensRead: state.tokensRead,
      budget: p.budget,
      bestUnreadScore: next.g >= 0 ? next.s : 0,
      ...(signal ? { signal } : {}),
    });
    if (verdict.spent) {
      judgeSpent = true;
      return undefined;
    }
    judgeCalls++;
    if (verdict.sufficient) yes++;
    return verdict.probability;
  };

  // Start nodes: the most relevant top-level information points that fit in their share.
  const topLevel = Math.max(0, maxOf(view.map((d) => d.topLevel)));
  if (topLevel > 0) {
    const starts: number[] = [];
    for (let g = 0; g < state.total; g++) if (state.level[g] === topLevel && state.rel[g]! > 0) starts.push(g);
    starts.sort((a, b) => state.rel[b]! - state.rel[a]! || a - b);
    let startTokens = 0;
    for (const g of starts) {
      if (state.steps.length >= p.maxSteps) break;
      if (startTokens + state.tokens[g]! > p.startShare * p.budget) continue;
      startTokens += state.tokens[g]!;
      yield { type: "walk-step", step: state.take(g, state.score(g)) };
    }
  }
  if (state.steps.length > 0) {
    const probability = await consult();
    if (probability !== undefined) state.recordProbability(probability);
  }

  const stopWhen = [judgeIsSpent(), stepCountIs(p.maxSteps), judgeSaysSufficient(p.patience), nothingUnread(), nothingFits()];
  let stop: StopReason;
  for (;;) {
    signal?.throwIfAborted();
    const next = state.bestUnread(p.budget - state.tokensRead);
    const progress: WalkProgress = {
      steps: state.steps.length,
      tokensRead: state.tokensRead,
      sufficientCount: yes,
      unread: state.unread,
      nextFits: next.g >= 0,
      judgeSpent,
    };
    const fired = stopWhen.find((c) => c.test(progress));
    if (fired) {
      stop = fired.reason;
      break;
    }
    const step = state.take(next.g, next.s);
    const probability = await consult();
    yield { type: "walk-step", step: probability === undefined ? step : state.recordProbability(probability) };
  }
  const trace: WalkTrace = { steps: state.steps, stop, tokensRead: state.tokensRead, judge: p.fill ? "none (fill)" : judge.id, judgeCalls };
  yield { type: "walk-done", trace };
  return trace;
}

/** Runs a walk to the end and returns its trace. */
export async function runWalk(input: WalkInput): Promise<WalkTrace> {
  const it = walk(input);
  for (;;) {
    const next = await it.next();
    if (next.done) return next.value;
  }
}
