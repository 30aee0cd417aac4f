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
 * on the step cap, or when nothing is left; hard caps hold whatever a judge says.
 * A pure function of its inputs: it reads the view and relevance and mutates neither.
 */
import { isPecanError, UsageError } from "../core/errors.js";
import type { Relevance } from "./relevance.js";
import type { DocUnits, ReadingUnit } from "./units.js";
import { ScoreHeap } from "./score-heap.js";
import {
  judgeSaysSufficient,
  stepCountIs,
  type StopReason,
  type WalkProgress,
} from "./stop.js";
import { maxOf } from "../core/arrays.js";

export type { StopReason } from "./stop.js";

export interface WalkPolicy {
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
  /** Weight of direct relevance. */
  readonly lambda: number;
  /** Weight of relevance pushed down the weighted edges. */
  readonly push: number;
  /** Weight of relevance from read neighbouring sentences. */
  readonly neighbour: number;
  /**
   * Half-life, in tokens, of the relevance a run of lines carries (0: none). A line is a
   * sentence unit with no closing punctuation: a table cell or row, a heading, a list entry. A
   * read line passes its neighbours the boost it got itself, halved every `carry` tokens of
   * line read, so reading continues along a table whose cells share no term with the question;
   * a prose sentence passes on only its own relevance.
   */
  readonly carry: number;
}

/**
 * Defaults for graphs of extractive IPs (the model-free tier), measured on the dev data by
 * scripts/tune-walk.ts (docs/design-notes.md): there an IP is a sentence of the document, so
 * reading gist sentences first and pushing much relevance down the edges cost more than they
 * gave; a small push remains, and neighbouring sentences carry more weight.
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
};

/**
 * Defaults for graphs of abstractive IPs (built with an LLM summarizer). Such an IP quotes no
 * span, so it is worth reading only for what it says and for where it points: the walk starts
 * from the top level and pushes relevance down as in the paper. Not measured here (no model).
 */
export const ABSTRACTIVE_WALK: Partial<WalkPolicy> = { startShare: 0.1, push: 0.5 };

/** What a judge sees after a step. */
export interface JudgeInput {
  readonly question: string;
  readonly view: readonly DocUnits[];
  readonly relevance: Relevance;
  /** Read units in reading order. */
  readonly read: readonly UnitRef[];
  readonly tokensRead: number;
  readonly budget: number;
  /** Best score among units still unread (0 when none). */
  readonly bestUnreadScore: number;
  readonly signal?: AbortSignal;
}

export interface Verdict {
  readonly sufficient: boolean;
  /** Estimated probability that the answer is in what was read. */
  readonly probability: number;
}

/**
 * When a judge is consulted: first once `first` context tokens are read, then each time what was
 * read has grown by the factor `growth`. A judge that sees everything read pays for it at every
 * call, so consulting it after every sentence would cost the square of the context; on this
 * schedule its calls read at most `growth / (growth - 1)` times the context in all, and the walk
 * overshoots its best stop by at most that factor.
 */
export interface JudgeSchedule {
  readonly first: number;
  readonly growth: number;
}

/** The Judge signal: decides whether what was read is enough, after each step or on its schedule. */
export interface Judge {
  /** `calibrated:v1`, `llm:openai:...`, ... recorded in every trace. */
  readonly id: string;
  /** Absent: consulted after every step (a judge that costs nothing to ask). */
  readonly schedule?: JudgeSchedule;
  judge(input: JudgeInput): Verdict | Promise<Verdict>;
}

/** A unit of the view: document `doc` (index into the view), unit `unit` (index into its units). */
export interface UnitRef {
  readonly doc: number;
  readonly unit: number;
}

export interface WalkStep {
  readonly ref: UnitRef;
  readonly unit: ReadingUnit;
  readonly score: number;
  readonly tokens: number;
  /** The judge's probability after this step (absent with --fill). */
  readonly probability?: number;
}

export interface WalkTrace {
  readonly steps: readonly WalkStep[];
  readonly stop: StopReason;
  readonly tokensRead: number;
  readonly judge: string;
  readonly judgeCalls: number;
}

interface Flat {
  doc: Uint32Array;
  unit: Uint32Array;
  rel: Float32Array;
  tokens: Uint32Array;
  /** Global index of the unit's node. */
  node: Uint32Array;
  isSentence: Uint8Array;
  /** A sentence unit without closing punctuation (see `WalkPolicy.carry`). */
  isLine: Uint8Array;
  level: Uint8Array;
  /** Global index of the first unit of each document, and of each document's first node. */
  unitBase: number[];
  nodeBase: number[];
  nodeCount: number;
}

/** Text that ends as a sentence does: closing punctuation, then perhaps quotes or brackets. */
const CLOSED = /[.!?;]["'’”)\]]*\s*$/;

function flatten(view: readonly DocUnits[], relevance: Relevance): Flat {
  const total = view.reduce((n, d) => n + d.units.length, 0);
  const flat: Flat = {
    doc: new Uint32Array(total),
    unit: new Uint32Array(total),
    rel: new Float32Array(total),
    tokens: new Uint32Array(total),
    node: new Uint32Array(total),
    isSentence: new Uint8Array(total),
    isLine: new Uint8Array(total),
    level: new Uint8Array(total),
    unitBase: [],
    nodeBase: [],
    nodeCount: 0,
  };
  let g = 0;
  view.forEach((d, k) => {
    flat.unitBase.push(g);
    flat.nodeBase.push(flat.nodeCount);
    const rel = relevance.unit[k]!;
    d.units.forEach((u, i) => {
      flat.doc[g] = k;
      flat.unit[g] = i;
      flat.rel[g] = rel[i]!;
      flat.tokens[g] = u.tokens;
      flat.node[g] = flat.nodeCount + u.node;
      flat.isSentence[g] = u.level === 0 ? 1 : 0;
      flat.isLine[g] = u.level === 0 && !CLOSED.test(u.text) ? 1 : 0;
      flat.level[g] = u.level;
      g++;
    });
    flat.nodeCount += d.nodes.length;
  });
  return flat;
}

/** Events of a walk, for streaming: one per step, then the trace. */
export type WalkEvent = { readonly type: "walk-step"; readonly step: WalkStep } | { readonly type: "walk-done"; readonly trace: WalkTrace };

/**
 * Runs the walk, yielding each step as it is taken and finally the trace.
 * @example
 * for await (const e of walk(view, question, relevance, judge, { budget: 500 })) if (e.type === "walk-done") console.log(e.trace.stop);
 */
export async function* walk(
  view: readonly DocUnits[],
  question: string,
  relevance: Relevance,
  judge: Judge,
  policy: Partial<WalkPolicy> = {},
  signal?: AbortSignal,
): AsyncGenerator<WalkEvent, WalkTrace> {
  const p: WalkPolicy = { ...DEFAULT_WALK, ...policy };
  if (!(p.push >= 0 && p.neighbour >= 0 && p.lambda >= 0 && p.carry >= 0)) {
    throw new UsageError(`the walk's weights must be non-negative (push ${p.push}, neighbour ${p.neighbour}, lambda ${p.lambda}, carry ${p.carry})`);
  }
  const flat = flatten(view, relevance);
  const total = flat.rel.length;
  const read = new Uint8Array(total);
  const nodePush = new Float32Array(flat.nodeCount);
  const neighbourBoost = new Float32Array(total);
  const steps: WalkStep[] = [];
  const refs: UnitRef[] = [];
  let tokensRead = 0;
  let yes = 0;
  let judgeCalls = 0;
  let stop: StopReason | undefined;

  const score = (g: number): number =>
    p.push * nodePush[flat.node[g]!]! + p.neighbour * neighbourBoost[g]! + p.lambda * flat.rel[g]!;
  // Scores only grow (boosts and pushes are non-negative) and the room left only shrinks, so the
  // best unread unit comes from a lazy heap: a unit whose score grows is pushed again.
  const heap = ScoreHeap.of(Float64Array.from(flat.rel, (_, g) => score(g)));
  let unread = total;
  const markRead = (g: number): void => {
    if (read[g]) return;
    read[g] = 1;
    unread--;
  };
  const requeue = (g: number): void => {
    if (!read[g]) heap.push(score(g), g);
  };

  const take = (g: number, s: number): WalkStep => {
    markRead(g);
    const k = flat.doc[g]!;
    const d = view[k]!;
    const unit = d.units[flat.unit[g]!]!;
    tokensRead += unit.tokens;
    for (const c of d.covers[flat.unit[g]!]!) markRead(flat.unitBase[k]! + c);
    const r = flat.rel[g]!;
    if (flat.isSentence[g]) {
      const passed = flat.isLine[g] && p.carry > 0 ? Math.max(r, neighbourBoost[g]! * 0.5 ** (unit.tokens / p.carry)) : r;
      for (const n of [g - 1, g + 1]) {
        if (n >= 0 && n < total && flat.doc[n] === k && flat.isSentence[n] && passed > neighbourBoost[n]!) {
          neighbourBoost[n] = passed;
          requeue(n);
        }
      }
    } else {
      const local = unit.node;
      for (let e = d.childOffsets[local]!; e < d.childOffsets[local + 1]!; e++) {
        const child = d.childTargets[e]!;
        const pushed = r * d.childWeights[e]!;
        if (pushed <= 0) continue;
        nodePush[flat.nodeBase[k]! + child]! += pushed;
        for (let u = d.unitStart[child]!; u < d.unitEnd[child]!; u++) requeue(flat.unitBase[k]! + u);
      }
    }
    const ref = { doc: k, unit: flat.unit[g]! };
    refs.push(ref);
    const step: WalkStep = { ref, unit, score: s, tokens: unit.tokens };
    steps.push(step);
    return step;
  };

  const bestUnread = (): { g: number; s: number; anyLeft: boolean } => {
    const room = p.budget - tokensRead;
    for (let top = heap.peek(); top; top = heap.peek()) {
      const g = top.unit;
      // Drop read units, stale entries (the unit was pushed again with a higher score) and units
      // that no longer fit (they never will again).
      if (read[g] || top.score !== score(g) || flat.tokens[g]! > room) heap.pop();
      else return { g, s: top.score, anyLeft: true };
    }
    return { g: -1, s: Number.NEGATIVE_INFINITY, anyLeft: unread > 0 };
  };

  let nextConsult = judge.schedule?.first ?? 0;
  let judgeSpent = false;
  const consult = async (): Promise<number | undefined> => {
    if (p.fill || tokensRead < nextConsult) return undefined;
    if (judge.schedule) nextConsult = Math.max(tokensRead * judge.schedule.growth, tokensRead + 1);
    const next = bestUnread();
    let verdict: Verdict;
    try {
      verdict = await judge.judge({
        question,
        view,
        relevance,
        read: refs,
        tokensRead,
        budget: p.budget,
        bestUnreadScore: next.g >= 0 ? next.s : 0,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      // A judge whose token budget is spent cannot be asked again: the walk ends there, on budget.
      if (isPecanError(error) && error.code === "E_BUDGET") {
        judgeSpent = true;
        return undefined;
      }
      throw error;
    }
    judgeCalls++;
    if (verdict.sufficient) yes++;
    return verdict.probability;
  };

  // Start nodes: the most relevant top-level information points that fit in their share.
  const topLevel = Math.max(0, maxOf(view.map((d) => d.topLevel)));
  if (topLevel > 0) {
    const starts: number[] = [];
    for (let g = 0; g < total; g++) if (flat.level[g] === topLevel && flat.rel[g]! > 0) starts.push(g);
    starts.sort((a, b) => flat.rel[b]! - flat.rel[a]! || a - b);
    let startTokens = 0;
    for (const g of starts) {
      if (steps.length >= p.maxSteps) break;
      if (startTokens + flat.tokens[g]! > p.startShare * p.budget) continue;
      startTokens += flat.tokens[g]!;
      yield { type: "walk-step", step: take(g, score(g)) };
    }
  }

  const progress = (): WalkProgress => ({ steps: steps.length, tokensRead, sufficientCount: yes });
  const stopWhen = [stepCountIs(p.maxSteps), judgeSaysSufficient(p.patience)];
  if (steps.length > 0) {
    const probability = await consult();
    if (probability !== undefined) steps[steps.length - 1] = { ...steps[steps.length - 1]!, probability };
  }
  for (;;) {
    signal?.throwIfAborted();
    if (judgeSpent) {
      stop = "budget";
      break;
    }
    const fired = stopWhen.find((c) => c.test(progress()));
    if (fired) {
      stop = fired.reason;
      break;
    }
    const next = bestUnread();
    if (next.g < 0) {
      stop = next.anyLeft ? "budget" : "exhausted";
      break;
    }
    const step = take(next.g, next.s);
    const probability = await consult();
    const recorded = probability === undefined ? step : { ...step, probability };
    steps[steps.length - 1] = recorded;
    yield { type: "walk-step", step: recorded };
  }
  const trace: WalkTrace = { steps, stop, tokensRead, judge: p.fill ? "none (fill)" : judge.id, judgeCalls };
  yield { type: "walk-done", trace };
  return trace;
}

/** Runs a walk to the end and returns its trace. */
export async function runWalk(
  view: readonly DocUnits[],
  question: string,
  relevance: Relevance,
  judge: Judge,
  policy: Partial<WalkPolicy> = {},
  signal?: AbortSignal,
): Promise<WalkTrace> {
  const it = walk(view, question, relevance, judge, policy, signal);
  for (;;) {
    const next = await it.next();
    if (next.done) return next.value;
  }
}
