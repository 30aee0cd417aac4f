/**
 * Local token counts for providers that do not report usage, and for budget checks before a
 * call is sent: OpenAI's o200k_base BPE (gpt-tokenizer). Message overhead follows OpenAI's
 * published chat accounting (about 3 tokens per message plus 3 to prime the reply).
 */
import { o200k } from "../core/o200k.js";
import { countInPieces } from "../core/text-pieces.js";
import type { ChatMessage } from "./spec.js";

/** Tokens added per message by chat formatting (role and separators). */
export const MESSAGE_OVERHEAD_TOKENS = 3;
/** Tokens that prime the assistant's reply. */
export const REPLY_PRIMING_TOKENS = 3;

/**
 * Tokens of a plain text (o200k). Special-token strings count as plain text; long runs without
 * whitespace are counted in bounded pieces, so the cost is linear (`core/text-pieces.ts`).
 * @example countTextTokens("hello world") // 2
 */
export function countTextTokens(text: string): number {
  const { countTokens } = o200k();
  return countInPieces(text, (piece) => countTokens(piece, PLAIN));
}

const PLAIN = { disallowedSpecial: new Set<string>() };

/**
 * Tokens a chat request's messages take, with `count` for each content (o200k by default)
 * plus the per-message and reply-priming overhead.
 * @example countMessageTokens([{ role: "user", content: "hi" }]) // 7
 */
export function countMessageTokens(
  messages: readonly ChatMessage[],
  count: (text: string) => number = countTextTokens,
): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of messages) total += MESSAGE_OVERHEAD_TOKENS + count(message.content);
  return total;
}
