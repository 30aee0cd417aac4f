/**
 * The LLM Judge (PECAN §3.2, dynamic progress control): asks whether the question can be
 * answered from what was read, and reads P(yes) from the log-probabilities of the first output
 * token when the provider gives them; otherwise it parses the text. Unusable output counts as
 * "not yet" so the walk goes on (the budget and step caps still bound it).
 */
import type { ChatModel, ChatResponse } from "../llm/spec.js";
import { formatPassages, numberPassages } from "../retrieval/context.js";
import { isPecanError } from "../core/errors.js";
import type { Judge, JudgeInput, Verdict } from "./judge-spec.js";

/**
 * Asked first after 200 context tokens, then each time the context has grown by half: its calls
 * then read at most three times the context in all, where asking after every sentence would
 * read about steps / 2 times it (walk.ts, `JudgeSchedule`).
 */
export const DEFAULT_LLM_JUDGE = { threshold: 0.5, maxTokens: 3, first: 200, growth: 1.5 };

const SYSTEM = "You decide whether information is enough to answer a question. Reply with one word: Yes or No.";

/** P(yes) from the first output position's alternatives, or undefined when neither word is there. */
export function yesProbability(top: readonly { token: string; logprob: number }[]): number | undefined {
  let yes = 0;
  let no = 0;
  for (const t of top) {
    const word = t.token.trim().toLowerCase();
    if (word === "yes") yes += Math.exp(t.logprob);
    else if (word === "no") no += Math.exp(t.logprob);
  }
  return yes + no > 0 ? yes / (yes + no) : undefined;
}

/** P(yes) from plain text: 1 for a clear yes, 0 for a clear no, undefined otherwise. */
export function parseYesNo(text: string): number | undefined {
  const first = text.trim().toLowerCase().match(/^[^a-z]*([a-z]+)/)?.[1];
  if (first === "yes") return 1;
  if (first === "no") return 0;
  return undefined;
}

/** `chat` should be metered by the caller (llm/meter.ts): usage and caps are counted there. */
export function createLlmJudge(chat: ChatModel, options: Partial<typeof DEFAULT_LLM_JUDGE> = {}): Judge {
  const { threshold, maxTokens, first, growth } = { ...DEFAULT_LLM_JUDGE, ...options };
  return {
    id: `llm:${chat.id}`,
    schedule: { first, growth },
    async judge(input: JudgeInput): Promise<Verdict> {
      const items = input.read.map((ref) => ({ unit: input.view[ref.doc]!.unitAt(ref.unit), title: input.view[ref.doc]!.title }));
      const prompt = `Information:\n${formatPassages(numberPassages(items))}\n\nQuestion: ${input.query.text}\n\nCan the question be answered from this information? Answer Yes or No.`;
      let response: ChatResponse;
      try {
        response = await chat.chat({
          messages: [
            { role: "system", content: SYSTEM },
            { role: "user", content: prompt },
          ],
          temperature: 0,
          maxTokens,
          topLogprobs: 5,
          ...(input.signal ? { signal: input.signal } : {}),
        });
      } catch (error) {
        // The metered model refuses a call its per-question token budget has no room for
        // (`E_BUDGET`, before anything is sent): this judge cannot be asked again.
        if (isPecanError(error) && error.code === "E_BUDGET") return { sufficient: false, probability: 0, spent: true };
        throw error;
      }
      const first = response.logprobs?.[0];
      const fromLogprobs = first ? yesProbability([{ token: first.token, logprob: first.logprob }, ...first.top]) : undefined;
      const probability = fromLogprobs ?? parseYesNo(response.text) ?? 0;
      return { sufficient: probability >= threshold, probability };
    },
  };
}
