/**
 * Token counting with a real tokenizer: OpenAI's o200k_base BPE (gpt-tokenizer), the encoding
 * the evaluation data's sizes are given in. Every budget in Pecan is counted with it.
 */
import { countTokens as countO200k, encode, decode } from "gpt-tokenizer/encoding/o200k_base";

/** Tokens of a text. Special-token strings in documents are counted as plain text. */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return countO200k(text, { disallowedSpecial: new Set() });
}

/** The token ids of a text (plain text, special tokens not recognised). */
export function encodeTokens(text: string): number[] {
  return encode(text, { disallowedSpecial: new Set() });
}

export function decodeTokens(tokens: readonly number[]): string {
  return decode(tokens as number[]);
}
