/**
 * The scripted chat model of bench/llm-cost.ts: it tells the LLM judge's, reader's and
 * sub-question planner's prompts apart, answers them deterministically (the judge per scenario,
 * the reader with a cited quote, the planner with a two-node plan: the question, then the
 * question again given the first answer, the dearest split the planner allows but for length),
 * reports o200k usage honestly, and keeps its own tally to cross-check the engine's `cost`.
 */
import type { ChatModel, ChatRequest, Span } from "../src/index.js";
import { LLM_SPEC_VERSION, type ChatResponse, type ChatStreamPart } from "../src/llm/spec.js";
import { countMessageTokens } from "../src/llm/count-tokens.js";
import { countTokens } from "../src/ingest/tokens.js";
import type { QuestionTarget } from "../src/eval/score.js";
import { PLANNER_SYSTEM } from "../src/control/subquestions.js";
import { answerRecall, EVIDENCE_THRESHOLD, readTextOf, spanRecall } from "../src/eval/metrics.js";

/** The judge's answers: never "yes", or "yes" once the gold target is in its prompt. */
export type Scenario = "never" | "oracle";

/** What the oracle judge knows of the current question: its document's passages and gold target. */
export interface OracleState {
  readonly docText: string;
  /** Passage text as prompts show it (whitespace collapsed) → the verbatim ranges of the units with that text. */
  readonly spansOf: ReadonlyMap<string, readonly Span[]>;
  readonly target: QuestionTarget;
}

interface Counter {
  calls: number;
  tokensIn: number;
  tokensOut: number;
}
const emptyCounter = (): Counter => ({ calls: 0, tokensIn: 0, tokensOut: 0 });

const JUDGE_SYSTEM = "You decide whether information is enough";
const READER_SYSTEM = "You answer questions using only the numbered passages";
/** Text as prompts show it: whitespace collapsed. */
export const shown = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * The texts of a prompt's passages (retrieval/context.ts `formatPassages`): a `Document: title`
 * line, then `[n] (p. k) text` lines, the page label only where the page changes; one line each
 * (passage texts and titles are shown with their whitespace collapsed).
 */
function passageTexts(section: string, title: string): string[] {
  const texts: string[] = [];
  for (const line of section.split("\n")) {
    if (line === `Document: ${shown(title)}`) continue;
    const head = /^\[\d+\] (?:\(p\. \d+\) )?/.exec(line)?.[0];
    if (head === undefined) throw new Error(`bench: unexpected passage line: ${line.slice(0, 80)}`);
    texts.push(line.slice(head.length));
  }
  return texts;
}

/**
 * o200k counts of prompts, exact and fast. A judge asked after every step re-sends everything
 * read each time, so its prompts hold millions of tokens per question; counting them whole would
 * dominate the run. Under o200k's pre-tokenizer a BPE token never spans a newline followed by a
 * letter or "[" (the newline ends the piece before it, and "[", a number and "]" are pieces of
 * their own), so a prompt of the form `head\nDocument: title\n[1] text\n[2] ...\n\nQuestion:
 * ...` counts as the sum of its head, each title line, the markers, each passage line after its
 * marker with its newline(s), and its tail; lines are counted once.
 * Every `verifyEvery`-th prompt is also counted whole, and a difference stops the bench.
 */
function createPromptCounter(verifyEvery: number) {
  const lines = new Map<string, number>();
  const whole = new Map<string, number>();
  let prompts = 0;
  const piece = (text: string): number => {
    let n = lines.get(text);
    if (n === undefined) lines.set(text, (n = countTokens(text)));
    return n;
  };
  const split = (text: string): number | undefined => {
    const head = text.startsWith("Information:\n") ? "Information:\n" : text.startsWith("Passages:\n") ? "Passages:\n" : undefined;
    const end = text.lastIndexOf("\n\nQuestion: ");
    if (head === undefined || end < head.length) return undefined;
    const section = text.slice(head.length, end).split("\n");
    let total = countTokens(head) + countTokens(text.slice(end + 2));
    for (const [i, line] of section.entries()) {
      const newline = i === section.length - 1 ? "\n\n" : "\n";
      const marker = /^\[\d+\](?= )/.exec(line)?.[0];
      total += marker === undefined ? piece(line + newline) : piece(marker) + piece(line.slice(marker.length) + newline);
    }
    return total;
  };
  const count = (text: string): number => {
    const hit = whole.get(text);
    if (hit !== undefined) return hit;
    let n = text.length > 2000 ? split(text) : undefined;
    if (n !== undefined && ++prompts % verifyEvery === 0 && n !== countTokens(text)) {
      throw new Error(`bench: the split count ${n} of a prompt differs from its whole count ${countTokens(text)}`);
    }
    n ??= countTokens(text);
    whole.set(text, n);
    if (whole.size > 16) whole.delete(whole.keys().next().value as string);
    return n;
  };
  const clear = (): void => {
    lines.clear();
    whole.clear();
  };
  return { count, clear };
}

/**
 * The scripted chat model: o200k counts (cached for the last texts, since the meter counts a
 * prompt before the model does), deterministic replies, and its own tally to cross-check `cost`.
 */
export function createBenchChat(verifyEvery: number) {
  const { count, clear } = createPromptCounter(verifyEvery);
  const tally = { judge: emptyCounter(), reader: emptyCounter(), planner: emptyCounter() };
  const state: { scenario: Scenario; title: string; oracle?: OracleState } = { scenario: "never", title: "" };

  /** The verbatim ranges of the units a prompt's passages show. */
  const spansIn = (section: string, oracle: OracleState): Span[] =>
    passageTexts(section, state.title).flatMap((text) => {
      const spans = oracle.spansOf.get(text);
      if (!spans) throw new Error(`bench: a passage matches no unit: ${text.slice(0, 80)}`);
      return [...spans];
    });

  const judgeReply = (user: string): string => {
    const oracle = state.oracle;
    if (state.scenario === "never" || !oracle || oracle.target.kind === "none") return "No";
    const section = user.slice("Information:\n".length, user.lastIndexOf("\n\nQuestion: "));
    const spans = spansIn(section, oracle);
    const { target, docText } = oracle;
    const found = target.evidence
      ? spanRecall(target.evidence, spans, docText) >= EVIDENCE_THRESHOLD - 1e-12
      : answerRecall(target.answers, readTextOf(docText, spans));
    return found ? "Yes" : "No";
  };

  const readerReply = (user: string): string => {
    const first = passageTexts(user.slice("Passages:\n".length, user.lastIndexOf("\n\nQuestion: ")), state.title)[0] ?? "";
    const words = first.split(" ").slice(0, 20).join(" ");
    return `${words} [1]`;
  };

  const plannerReply = (user: string): string => {
    const question = (user.slice("Question: ".length, user.indexOf("\n\nAt most ")).split("\n")[0] ?? "").slice(0, 500);
    return JSON.stringify({ subquestions: [{ id: "q1", question, dependsOn: [] }, { id: "q2", question, dependsOn: ["q1"] }] });
  };

  const respond = (request: ChatRequest): ChatResponse => {
    const system = request.messages.find((m) => m.role === "system")?.content ?? "";
    const user = request.messages.find((m) => m.role === "user")?.content ?? "";
    const kind = system.startsWith(JUDGE_SYSTEM) ? "judge" : system.startsWith(READER_SYSTEM) ? "reader" : system === PLANNER_SYSTEM ? "planner" : undefined;
    if (!kind) throw new Error(`bench: a prompt neither the judge's, the reader's nor the planner's: ${system.slice(0, 80)}`);
    const text = kind === "judge" ? judgeReply(user) : kind === "reader" ? readerReply(user) : plannerReply(user);
    const usage = { inputTokens: countMessageTokens(request.messages, count), outputTokens: count(text) };
    const mine = tally[kind];
    mine.calls++;
    mine.tokensIn += usage.inputTokens;
    mine.tokensOut += usage.outputTokens;
    return { text, finishReason: "stop", usage };
  };

  const chat: ChatModel = {
    specVersion: LLM_SPEC_VERSION,
    id: "bench-scripted",
    countTokens: count,
    chat: (request) => Promise.resolve(respond(request)),
    async *stream(request): AsyncGenerator<ChatStreamPart> {
      const response = respond(request);
      for (const piece of response.text.match(/\S+\s*/g) ?? []) yield { type: "text-delta", text: piece };
      yield { type: "finish", finishReason: response.finishReason, usage: response.usage };
    },
  };
  return {
    chat,
    state,
    tally,
    /** Forgets cached counts (call between questions). */
    clear,
    reset(): void {
      Object.assign(tally.judge, emptyCounter());
      Object.assign(tally.reader, emptyCounter());
      Object.assign(tally.planner, emptyCounter());
    },
  };
}
export type BenchChat = ReturnType<typeof createBenchChat>;
