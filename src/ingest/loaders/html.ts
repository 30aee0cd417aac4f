/**
 * HTML loader: a small, dependency-free tag stripper (not a full HTML5 parser). It follows the
 * WHATWG tokenizer where it matters for text: comments, raw-text elements (script, style, ...)
 * skipped to their end tag, quoted attribute values that may hold `>`, character references.
 * Invisible containers (head, template, svg) are dropped; block elements become line breaks,
 * headings and paragraphs are separated by blank lines, table cells by tabs.
 */
import { decodeText, hasText, normalizeText } from "../normalize.js";
import { decodeEntities } from "./html-entities.js";
import type { ParsedText } from "./load-options.js";

/** Elements whose content is raw text that is never shown. */
const RAW_SKIP = new Set(["script", "style", "noscript", "iframe", "noembed", "noframes", "xmp", "textarea"]);
/** Containers whose content is not document text. */
const CONTAINER_SKIP = new Set(["head", "template", "svg"]);
/** Elements that may appear in `head`; any other start tag closes an unclosed head. */
const HEAD_CONTENT = new Set(["title", "meta", "link", "base", "script", "style", "noscript", "template"]);
/** Blocks set off by a blank line. */
const PARAGRAPH_BLOCKS = new Set([
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "ul", "ol", "dl", "section",
  "article", "header", "footer", "main", "aside", "nav", "figure", "form", "fieldset", "address", "details", "hr",
]);
/** Blocks that start a new line. */
const LINE_BLOCKS = new Set([
  "div", "li", "tr", "dt", "dd", "figcaption", "caption", "summary", "legend", "option", "center", "thead",
  "tbody", "tfoot", "body", "html",
]);
const CELLS = new Set(["td", "th"]);

const NAME = /[A-Za-z][A-Za-z0-9:-]*/y;
const WHITESPACE_RUN = /[ \t\n\r\f]+/g;

/** Accumulates text with pending line breaks, spaces and cell separators. */
class TextSink {
  private readonly parts: string[] = [];
  private empty = true;
  private pendingBreak = 0;
  private pendingSpace = false;
  private pendingCell = false;

  text(raw: string, preformatted: boolean): void {
    if (preformatted) {
      if (raw.length > 0) this.write(raw);
      return;
    }
    const collapsed = raw.replace(WHITESPACE_RUN, " ");
    if (collapsed.length === 0) return;
    const content = collapsed.trim();
    if (collapsed.startsWith(" ")) this.pendingSpace = true;
    if (content.length > 0) this.write(content);
    if (collapsed.endsWith(" ")) this.pendingSpace = true;
  }

  lineBreak(lines: number): void {
    this.pendingBreak = Math.max(this.pendingBreak, lines);
    this.pendingSpace = false;
    this.pendingCell = false;
  }

  /** `<br>`: each one adds a line, up to a blank line. */
  hardBreak(): void {
    this.pendingBreak = Math.min(2, this.pendingBreak + 1);
    this.pendingSpace = false;
  }

  cell(): void {
    this.pendingCell = true;
  }

  toString(): string {
    return this.parts.join("");
  }

  private write(content: string): void {
    if (!this.empty) {
      if (this.pendingBreak > 0) this.parts.push(this.pendingBreak > 1 ? "\n\n" : "\n");
      else if (this.pendingCell) this.parts.push("\t");
      else if (this.pendingSpace) this.parts.push(" ");
    }
    this.parts.push(content);
    this.empty = false;
    this.pendingBreak = 0;
    this.pendingSpace = false;
    this.pendingCell = false;
  }
}

/** Index just past the `>` closing a tag whose attributes start at `from`; quotes may hold `>`. */
function tagEnd(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const c = html.charCodeAt(i);
    if (c === 62) return i + 1;
    if (c === 34 || c === 39) {
      const close = html.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) {
        const gt = html.indexOf(">", i);
        return gt < 0 ? html.length : gt + 1;
      }
      i = close + 1;
    } else i++;
  }
  return html.length;
}

/** Index just past the end tag `</name ...>` at or after `from` (case-insensitive), or the end. */
function rawTextEnd(html: string, lower: string, name: string, from: number): { contentEnd: number; end: number } {
  let i = from;
  for (;;) {
    const at = lower.indexOf(`</${name}`, i);
    if (at < 0) return { contentEnd: html.length, end: html.length };
    const after = html.charCodeAt(at + 2 + name.length);
    if (Number.isNaN(after) || after === 62 || after === 47 || after === 32 || (after >= 9 && after <= 13)) {
      const gt = html.indexOf(">", at);
      return { contentEnd: at, end: gt < 0 ? html.length : gt + 1 };
    }
    i = at + 2;
  }
}

/**
 * Turns an HTML page into readable text, with its title (`<title>`, else the first `<h1>`).
 * @example htmlToText("<title>T</title><p>A &amp; B</p><p>C</p>") // { text: "A & B\n\nC", title: "T" }
 */
/**
 * Page chrome: navigation (`<nav>`, `role="navigation"`) and the navigation blocks and
 * permalink marks of documentation generators (Sphinx's "¶" header links, related bars and
 * sidebars; breadcrumbs, skip links). Their text is not the document's.
 */
const CHROME_CLASS = /\bclass\s*=\s*["'][^"']*\b(?:headerlink|sphinxsidebar|sphinxsidebarwrapper|related|breadcrumbs?|wy-nav-side|navbar|skip-link|md-sidebar|md-header|toc-drawer|sidebar-drawer|mobile-header|prev-next-area|footer-nav|edit-this-page)\b/i;
const CHROME_ROLE = /\brole\s*=\s*["'](?:navigation|banner|search)["']/i;

function isChrome(name: string, tag: string): boolean {
  return name === "nav" || CHROME_ROLE.test(tag) || CHROME_CLASS.test(tag);
}

export interface HtmlOptions {
  /** Leave out page chrome (navigation blocks, permalink marks); default true. */
  readonly dropChrome?: boolean;
}

export function htmlToText(html: string, options: HtmlOptions = {}): ParsedText {
  const dropChrome = options.dropChrome ?? true;
  const lower = html.toLowerCase();
  const sink = new TextSink();
  const skip: string[] = [];
  let pre = 0;
  let title: string | undefined;
  let h1: string[] | undefined;
  let h1Depth = 0;
  let h1Done = false;
  let i = 0;
  const n = html.length;
  const addText = (raw: string): void => {
    if (skip.length > 0 || raw.length === 0) return;
    const decoded = decodeEntities(raw);
    sink.text(decoded, pre > 0);
    if (h1Depth > 0 && !h1Done && h1 !== undefined) h1.push(decoded);
  };

  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) {
      addText(html.slice(i));
      break;
    }
    addText(html.slice(i, lt));
    i = lt;
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const next = html.charCodeAt(i + 1);
    if (next === 33 || next === 63) {
      const end = html.indexOf(">", i + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const closing = next === 47;
    NAME.lastIndex = i + (closing ? 2 : 1);
    const match = NAME.exec(html);
    if (match === null) {
      addText("<");
      i += 1;
      continue;
    }
    const name = match[0].toLowerCase();
    const end = tagEnd(html, NAME.lastIndex);
    const selfClosing = html.charCodeAt(end - 2) === 47;
    i = end;

    if (closing) {
      if (skip.length > 0) {
        if (skip[skip.length - 1] === name) skip.pop();
        continue;
      }
      if (name === "pre") pre = Math.max(0, pre - 1);
      if (name === "h1" && h1Depth > 0 && --h1Depth === 0 && h1 !== undefined) h1Done = true;
      if (PARAGRAPH_BLOCKS.has(name)) sink.lineBreak(2);
      else if (LINE_BLOCKS.has(name)) sink.lineBreak(1);
      continue;
    }

    if (skip[skip.length - 1] === "head" && !HEAD_CONTENT.has(name)) skip.pop();
    if (name === "title" || RAW_SKIP.has(name)) {
      const raw = rawTextEnd(html, lower, name, i);
      const inHead = skip.length === 0 || skip[skip.length - 1] === "head";
      if (name === "title" && title === undefined && inHead) {
        const value = decodeEntities(html.slice(i, raw.contentEnd)).replace(/\s+/g, " ").trim();
        if (value.length > 0) title = value;
      }
      i = raw.end;
      continue;
    }
    if (CONTAINER_SKIP.has(name) || (dropChrome && skip.length === 0 && !selfClosing && isChrome(name, html.slice(match.index, end)))) {
      if (!selfClosing) skip.push(name);
      continue;
    }
    if (skip.length > 0) {
      if (name === skip[skip.length - 1] && !selfClosing) skip.push(name);
      continue;
    }
    if (name === "br") sink.hardBreak();
    else if (CELLS.has(name)) sink.cell();
    else if (PARAGRAPH_BLOCKS.has(name)) sink.lineBreak(2);
    else if (LINE_BLOCKS.has(name)) sink.lineBreak(1);
    if (name === "pre" && !selfClosing) pre++;
    if (name === "h1" && !selfClosing) {
      h1Depth++;
      if (h1 === undefined && title === undefined) h1 = [];
    }
    if (name === "img") addAlt(html.slice(match.index, end), addText);
  }

  const text = normalizeText(tidy(sink.toString()));
  const heading = h1?.join("").replace(/\s+/g, " ").trim();
  const finalTitle = title ?? (heading ? heading : undefined);
  return finalTitle === undefined ? { text } : { text, title: finalTitle };
}

const ALT = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/** An image's alt text stands for the image. */
function addAlt(tag: string, addText: (raw: string) => void): void {
  const alt = ALT.exec(tag);
  const value = alt?.[1] ?? alt?.[2];
  if (value !== undefined && value.trim().length > 0) addText(` ${value} `);
}

/** Permalink marks left at the end of a line (generators that do not class their links). */
const LINE_END_MARKS = /[ \t]*¶[ \t]*(?=\n|$)/g;

/** Trailing spaces and permalink marks off every line, at most one blank line in a row, no blank edges. */
function tidy(text: string): string {
  return text.replace(LINE_END_MARKS, "").replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}

/**
 * Reads a UTF-8 HTML file.
 * @example parseHtml(new TextEncoder().encode("<h1>Plan</h1><p>Text.</p>"), "plan.html") // { text: "Plan\n\nText.", title: "Plan" }
 */
export function parseHtml(bytes: Uint8Array, name: string): ParsedText {
  const html = decodeText(bytes, name);
  const parsed = htmlToText(html);
  // A page that is all navigation (an index of links) keeps its links.
  return hasText(parsed.text) ? parsed : htmlToText(html, { dropChrome: false });
}
