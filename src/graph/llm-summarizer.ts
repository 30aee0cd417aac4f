/**
 * The LLM summarizer (PECAN.md section 3; PECAN paper, Wang et al. 2025, section 3.1): a chat
 * model writes bullet information points for a window, citing the numbers of the passages each
 * one draws on. Temperature 0, bounded output. A window whose output is unusable (empty, only
 * ungrounded lines, a content filter) falls back to an extractive summarizer, recorded on the
 * nodes, or fails with a PecanError when so configured. A provider that fails always fails the
 * build with its code, so an ingest against a dead provider stores nothing.
 */
import { analyze } from "../core/analyze.js";
import { ProviderError, PecanError, toPecanError } from "../core/errors.js";
import { addUsage, emptyUsage, type LlmUsage } from "../core/types.js";
import type { ChatModel, ChatResponse } from "../llm/spec.js";
import { LexRankSummarizer } from "./lexrank.js";
import { parseInformationPoints, type ParsedPoint } from "./llm-parse.js";
import { summarizerMessages } from "./llm-prompt.js";
import type { InformationPoint, SummarizeContext, Summarizer, SummaryResult, WindowInput } from "./summarizer.js";

/** Options of the LLM summarizer. */
export interface LlmSummarizerOptions {
  /** The points of a window should take about this share of its tokens (sets how many are asked for). */
  readonly ipShare: number;
  /** Expected tokens of one point, to turn the share into a number of points. */
  readonly pointTokens: number;
  /** Most points asked for in one window. */
  readonly maxPoints: number;
  /** Cap on a call's output tokens. */
  readonly maxTokens: number;
  /** What an unusable output does: fall back to the extractive summarizer, or throw (`E_PROVIDER`). */
  readonly onUnusable: "fallback" | "error";
  /** Drop points that share no term with the window (refusals, chatter, invented content). */
  readonly requireOverlap: boolean;
}

/** About a fifth of the window in 25-token points, at most 30 points and 1024 output tokens; fall back on unusable output. */
export const DEFAULT_LLM_SUMMARIZER: LlmSummarizerOptions = Object.freeze({
  ipShare: 0.2,
  pointTokens: 25,
  maxPoints: 30,
  maxTokens: 1024,
  onUnusable: "fallback",
  requireOverlap: true,
});

/** Bullet IPs from a chat model; abstractive (no spans), with the passages each cites as `sources`. */
export class LlmSummarizer implements Summarizer {
  readonly id: string;
  readonly options: LlmSummarizerOptions;
  private readonly model: ChatModel;
  private readonly fallback: Summarizer;

  /**
   * @example new LlmSummarizer(model) // fallback: LexRank with its defaults
   */
  constructor(model: ChatModel, options: Partial<LlmSummarizerOptions> = {}, fallback: Summarizer = new LexRankSummarizer()) {
    this.model = model;
    this.options = { ...DEFAULT_LLM_SUMMARIZER, ...options };
    this.fallback = fallback;
    this.id = `llm:${model.id}`;
  }

  async summarize(window: WindowInput, ctx: SummarizeContext): Promise<SummaryResult> {
    const o = this.options;
    const windowTokens = window.nodes.reduce((sum, node) => sum + node.tokens, 0);
    const maxPoints = Math.min(o.maxPoints, Math.max(1, Math.round((windowTokens * o.ipShare) / o.pointTokens)));
    const maxTokens = Math.min(o.maxTokens, Math.max(64, Math.ceil(maxPoints * o.pointTokens * 1.5) + 32));
    const usage = emptyUsage();
    let response: ChatResponse;
    try {
      usage.llmCalls += 1;
      response = await this.model.chat({
        messages: summarizerMessages(window.nodes.map((node) => node.text), maxPoints),
        temperature: 0,
        maxTokens,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } catch (error) {
      if (ctx.signal?.aborted || isAbort(error)) throw new PecanError("E_ABORTED", "the build was cancelled", { cause: error });
      // A provider that fails (after its retries) fails the ingest: a silent LexRank graph is not
      // what a user who asked for the LLM tier wants, and the store must stay unchanged.
      const failure = toPecanError(error);
      if (failure.code === "E_PROVIDER" || failure.code === "E_PROVIDER_UNAVAILABLE" || failure.code === "E_BUDGET") throw failure;
      throw providerError(`model error: ${failure.message}`, error);
    }
    addUsage(usage, { llmCalls: 0, llmTokensIn: response.usage.inputTokens, llmTokensOut: response.usage.outputTokens });
    const ips = this.pointsOf(response, window);
    if (ips.length > 0) return { ips, usage };
    const reason = response.text.trim() === "" ? "empty output" : `unusable output (finish: ${response.finishReason})`;
    if (o.onUnusable === "error") throw providerError(reason, undefined);
    return this.fallBack(window, ctx, usage, reason);
  }

  private pointsOf(response: ChatResponse, window: WindowInput): InformationPoint[] {
    if (response.finishReason === "content-filter" || response.finishReason === "error") return [];
    let points: ParsedPoint[] = parseInformationPoints(response.text, window.nodes.length);
    if (response.finishReason === "length" && points.length > 1) points = points.slice(0, -1);
    if (this.options.requireOverlap) {
      const windowTerms = new Set(window.nodes.flatMap((node) => analyze(node.text)));
      const windowText = window.nodes.map((node) => node.text).join("\n");
      points = points.filter((p) => isGrounded(p.text, windowTerms, windowText));
    }
    const n = window.nodes.length;
    return points.map((p) => ({
      text: p.text,
      spans: [],
      sources: [...new Set(p.cited.filter((c) => Number.isInteger(c) && c >= 1 && c <= n).map((c) => c - 1))].sort((a, b) => a - b),
    }));
  }

  private async fallBack(window: WindowInput, ctx: SummarizeContext, usage: LlmUsage, reason: string): Promise<SummaryResult> {
    const result = await this.fallback.summarize(window, ctx);
    return {
      ips: result.ips,
      usage: addUsage(usage, result.usage),
      madeBy: `${result.madeBy ?? this.fallback.id}(fallback)`,
      fallback: reason,
    };
  }
}

const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]{2}$/u;

/** A point shares a term with the window (or, in scripts without spaces, two adjacent characters). */
function isGrounded(text: string, windowTerms: ReadonlySet<string>, windowText: string): boolean {
  if (analyze(text).some((t) => windowTerms.has(t))) return true;
  for (let i = 0; i + 1 < text.length; i++) {
    const pair = text.slice(i, i + 2);
    if (UNSPACED.test(pair) && windowText.includes(pair)) return true;
  }
  return false;
}

function isAbort(error: unknown): boolean {
  return (error instanceof Error && error.name === "AbortError") || (error instanceof PecanError && error.code === "E_ABORTED");
}

function providerError(reason: string, cause: unknown): PecanError {
  if (cause instanceof PecanError) return cause;
  return new ProviderError(`the summarizer model gave no usable information points: ${reason}`, { isRetryable: false, cause });
}

/** How many of a document's information points the LLM summarizer left to its fallback, and why. */
export interface FallbackCount {
  /** Information points (nodes above the leaves). */
  readonly ips: number;
  /** Those made by the fallback summarizer. */
  readonly fallbacks: number;
  /** The distinct reasons recorded (`empty output`, ...). */
  readonly reasons: readonly string[];
}

/**
 * Counts the information points made by the fallback instead of the model (their `madeBy`
 * ends in `(fallback)`; the reason is in `meta.fallback`).
 * @example countFallbacks(engine.store.getNodes(docId)) // { ips: 12, fallbacks: 12, reasons: ["empty output"] }
 */
export function countFallbacks(nodes: readonly { readonly level: number; readonly madeBy: string; readonly meta?: Readonly<Record<string, unknown>> }[]): FallbackCount {
  let ips = 0;
  let fallbacks = 0;
  const reasons = new Set<string>();
  for (const node of nodes) {
    if (node.level === 0) continue;
    ips++;
    if (!node.madeBy.endsWith("(fallback)")) continue;
    fallbacks++;
    if (typeof node.meta?.fallback === "string") reasons.add(node.meta.fallback);
  }
  return { ips, fallbacks, reasons: [...reasons] };
}

/**
 * A warning for people when the model's summaries were unusable, or undefined when none fell back.
 * @example fallbackWarning("report", { ips: 4, fallbacks: 4, reasons: ["empty output"] })
 */
export function fallbackWarning(docId: string, count: FallbackCount): string | undefined {
  if (count.fallbacks === 0) return undefined;
  const why = count.reasons.length > 0 ? ` (${count.reasons.slice(0, 3).join("; ")})` : "";
  const all = count.fallbacks === count.ips;
  return (
    `${docId}: ${all ? "every one" : `${count.fallbacks}`} of ${count.ips} information points came from the extractive fallback, ` +
    `not the model${why}; ${all ? "the model gave no usable summaries: check it with `pecan doctor --llm SPEC`" : "the rest are the model's"}`
  );
}
