/**
 * Token counting with a real tokenizer: OpenAI's o200k_base BPE (gpt-tokenizer), the encoding
 * the evaluation data's sizes are given in. Every budget in Pecan is counted with it. Long
 * whitespace-free runs are cut into bounded pieces first (`core/text-pieces.ts`), so counting
 * is linear in the text's length whatever it holds.
 */
import { countTokens as countO200k, encode, decode } from "gpt-tokenizer/encoding/o200k_base";
import { boundedPieces, countInPieces, hasLongRun } from "../core/text-pieces.js";

const PLAIN = { disallowedSpecial: new Set<string>() };

/** Tokens of a text. Special-token strings in documents are counted as plain text. */
export function countTokens(text: string): number {
  return countInPieces(text, (piece) => countO200k(piece, PLAIN));
}

/** The token ids of a text (plain text, special tokens not recognised). */
export function encodeTokens(text: string): number[] {
  if (!hasLongRun(text)) return encode(text, PLAIN);
  const ids: number[] = [];
  for (const piece of boundedPieces(text)) for (const id of encode(piece, PLAIN)) ids.push(id);
  return ids;
}

export function decodeTokens(tokens: readonly number[]): string {
  return decode(tokens as number[]);
}
