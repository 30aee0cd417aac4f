/**
 * The prompt of the LLM summarizer (PECAN.md section 3, "bullet IPs from a prompt"; the IP
 * definition follows the PECAN paper, Wang et al. 2025, section 3.1: short, self-contained
 * statements, each about one event or fact). Passages are numbered [1]..[n] so the model can
 * say which ones each point draws on.
 */
import type { ChatMessage } from "../llm/spec.js";

/** The fixed instructions; document text only ever goes into the user message. */
export const SUMMARIZER_SYSTEM_PROMPT = [
  "You turn numbered passages of a document into information points.",
  "An information point is one short sentence that states one event or one fact from the passages.",
  "Rules:",
  "- One event or fact per point.",
  "- Every point must make sense on its own: write names and nouns, never pronouns such as he, she, it, they or this.",
  "- Use only what the passages say; keep names, numbers and dates exact.",
  "- End every point with the numbers of the passages it draws on, in square brackets.",
  "- Write each point on its own line starting with \"- \", and write nothing else.",
  "Example:",
  "- Alice Smith founded Acme Corp in 1999. [2, 3]",
  "- Acme Corp moved its headquarters to Lyon in 2004. [4]",
].join("\n");

/**
 * The messages for one window: the instructions, then the passages numbered from 1.
 * @example summarizerMessages(["Alice founded Acme.", "Acme grew."], 4)
 */
export function summarizerMessages(passages: readonly string[], maxPoints: number): ChatMessage[] {
  const numbered = passages.map((text, i) => `[${i + 1}] ${text.trim()}`).join("\n\n");
  const user = `Passages:\n\n${numbered}\n\nWrite at most ${maxPoints} information points about these ${passages.length} passages.`;
  return [
    { role: "system", content: SUMMARIZER_SYSTEM_PROMPT },
    { role: "user", content: user },
  ];
}

/** Tokens a call spends besides the passages' own text (instructions, numbering, request line). */
export function summarizerPromptTokens(countTokens: (text: string) => number, passages = 10): number {
  const overhead = summarizerMessages(Array.from({ length: passages }, () => ""), 10);
  return overhead.reduce((sum, m) => sum + countTokens(m.content), 0) + 4 * overhead.length;
}
