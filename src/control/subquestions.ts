/**
 * The sub-question planner of the LLM tier (after MindSearch, Chen et al. 2024: a planner
 * decomposes a question into a graph of sub-questions, each answered by its own search, a
 * child seeing its parents' answers). The model is asked for a small DAG as JSON; the reply is
 * validated with zod and checked as a graph (unique ids, known references, no cycle, 2 to
 * `maxQuestions` nodes). Anything else is refused with a reason, and the engine falls back to
 * the plain walk (engine/subquestions.ts).
 */
import { z } from "zod";
import type { ChatModel } from "../llm/spec.js";
import { isPecanError } from "../core/errors.js";

export const DEFAULT_PLANNER = { maxQuestions: 4, maxTokens: 300 };

/** One node of the plan; `dependsOn` names the sub-questions whose answers it needs. */
export interface SubQuestion {
  readonly id: string;
  readonly question: string;
  readonly dependsOn: readonly string[];
}

/** A plan in an order where every sub-question comes after its parents, or why there is none. */
export type Plan = { readonly ok: true; readonly questions: readonly SubQuestion[] } | { readonly ok: false; readonly reason: string };

export const PLANNER_SYSTEM =
  "You split a multi-hop question into a few simpler sub-questions that can each be looked up in a document. " +
  'Reply with JSON only: {"subquestions": [{"id": "q1", "question": "...", "dependsOn": []}, ...]}. ' +
  "A sub-question that needs the answer of another lists that one's id in dependsOn. " +
  'If the question needs no splitting, reply {"subquestions": []}.';

const planSchema = z.object({
  subquestions: z.array(
    z.object({
      id: z.string().min(1).max(40),
      question: z.string().trim().min(1).max(500),
      dependsOn: z.array(z.string()).default([]),
    }),
  ),
});

/** The first balanced JSON object in a reply (models often wrap JSON in prose or fences), parsed, or undefined. */
function jsonObjectIn(text: string): unknown {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Validates a reply as a plan: the sub-questions in dependency order (Kahn's algorithm, ties in
 * the model's order), or the reason it is refused.
 * @example parsePlan('{"subquestions":[{"id":"a","question":"Who?"},{"id":"b","question":"Where?","dependsOn":["a"]}]}')
 */
export function parsePlan(text: string, maxQuestions = DEFAULT_PLANNER.maxQuestions): Plan {
  const parsed = planSchema.safeParse(jsonObjectIn(text));
  if (!parsed.success) return { ok: false, reason: "the planner's reply is not a plan in the expected JSON shape" };
  const nodes = parsed.data.subquestions;
  if (nodes.length < 2) return { ok: false, reason: "the planner did not split the question" };
  if (nodes.length > maxQuestions) return { ok: false, reason: `the planner made ${nodes.length} sub-questions; at most ${maxQuestions} are allowed` };
  const ids = new Set(nodes.map((n) => n.id));
  if (ids.size !== nodes.length) return { ok: false, reason: "the plan repeats a sub-question id" };
  for (const n of nodes) {
    for (const d of n.dependsOn) {
      if (!ids.has(d)) return { ok: false, reason: `sub-question ${n.id} depends on ${d}, which is not in the plan` };
      if (d === n.id) return { ok: false, reason: `sub-question ${n.id} depends on itself` };
    }
  }
  const waiting = new Map(nodes.map((n) => [n.id, new Set(n.dependsOn)]));
  const ordered: SubQuestion[] = [];
  while (ordered.length < nodes.length) {
    const ready = nodes.find((n) => waiting.get(n.id)?.size === 0);
    if (!ready) return { ok: false, reason: "the plan's dependencies form a cycle" };
    waiting.delete(ready.id);
    for (const deps of waiting.values()) deps.delete(ready.id);
    ordered.push({ id: ready.id, question: ready.question, dependsOn: [...new Set(ready.dependsOn)] });
  }
  return { ok: true, questions: ordered };
}

/**
 * Asks the (metered) model for a plan. A model whose per-question token budget is spent
 * (`E_BUDGET`) gives no plan; other errors propagate.
 */
export async function planSubQuestions(chat: ChatModel, question: string, options: Partial<typeof DEFAULT_PLANNER> & { signal?: AbortSignal } = {}): Promise<Plan> {
  const { maxQuestions, maxTokens } = { ...DEFAULT_PLANNER, ...options };
  try {
    const response = await chat.chat({
      messages: [
        { role: "system", content: PLANNER_SYSTEM },
        { role: "user", content: `Question: ${question}\n\nAt most ${maxQuestions} sub-questions.` },
      ],
      temperature: 0,
      maxTokens,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return parsePlan(response.text, maxQuestions);
  } catch (error) {
    if (isPecanError(error) && error.code === "E_BUDGET") return { ok: false, reason: "the model's token budget was spent before planning" };
    throw error;
  }
}
