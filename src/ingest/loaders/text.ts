/** Plain-text loader (.txt and other plain formats): the decoded, normalised text as is. */
import { decodeText } from "../normalize.js";
import type { ParsedText } from "./load-options.js";

/**
 * Reads UTF-8 text.
 * @example parseText(new TextEncoder().encode("hello"), "a.txt") // { text: "hello" }
 */
export function parseText(bytes: Uint8Array, name: string): ParsedText {
  return { text: decodeText(bytes, name) };
}
