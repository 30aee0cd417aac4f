/**
 * Markdown loader: markdown is readable as it is, so the text is kept verbatim (offsets then
 * point at what the author wrote). The title comes from front matter or the first `#` heading.
 */
import { decodeText } from "../normalize.js";
import type { ParsedText } from "./load-options.js";

const FRONT_MATTER = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/;
const FRONT_MATTER_TITLE = /^title:\s*(["']?)(.+?)\1\s*$/m;
const ATX_HEADING = /^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/m;
/** Only the start of a file is searched for a title. */
const TITLE_WINDOW = 20_000;

/** The title of a markdown text, when it has one. */
export function markdownTitle(text: string): string | undefined {
  const head = text.slice(0, TITLE_WINDOW);
  const front = FRONT_MATTER.exec(head)?.[1];
  const fromFront = front === undefined ? undefined : FRONT_MATTER_TITLE.exec(front)?.[2]?.trim();
  if (fromFront) return fromFront;
  const heading = ATX_HEADING.exec(head)?.[1]?.trim();
  return heading ? heading : undefined;
}

/**
 * Reads UTF-8 markdown.
 * @example parseMarkdown(new TextEncoder().encode("# Plan\nText."), "plan.md") // { text: "# Plan\nText.", title: "Plan" }
 */
export function parseMarkdown(bytes: Uint8Array, name: string): ParsedText {
  const text = decodeText(bytes, name);
  const title = markdownTitle(text);
  return title === undefined ? { text } : { text, title };
}
