import { describe, expect, it } from "vitest";
import { asDocId, nodeIdOf } from "../core/ids.js";
import type { DocumentGraph } from "../core/types.js";
import { countTokens } from "../ingest/tokens.js";
import { AlignmentWeigher } from "./alignment-weigher.js";
import { buildGraph } from "./levels.js";
import { LexRankSummarizer } from "./lexrank.js";
import { renderDot } from "./render-dot.js";
import { escapeHtml, renderHtml } from "./render-html.js";
import { packLeaves } from "../testing/graph-fixtures.js";

const DOC = asDocId('evil"doc');
const HOSTILE = [
  "Intro </script><script>alert('x')</script> and more text about the merger of Acme.",
  'The title said "<img src=x onerror=alert(1)>" & nobody noticed the ampersand.',
  "Line separators \u2028 and \u2029 are legal in JSON but not in old script parsers.",
  "Backslashes \\ and quotes \" matter for DOT strings } { ; -> edges.",
];
const TEXT = Array.from({ length: 30 }, (_, i) => `${HOSTILE[i % HOSTILE.length]} Paragraph ${i} talks about Acme and bicycles in Lyon.`).join("\n\n");

async function graph(): Promise<DocumentGraph> {
  const leaves = packLeaves(DOC, TEXT, { targetTokens: 60, countTokens });
  const { graph } = await buildGraph(
    { docId: DOC, text: TEXT },
    leaves,
    { summarizer: new LexRankSummarizer(), weigher: new AlignmentWeigher(), countTokens },
    { windowTokens: 300, topMaxNodes: 3, topMaxTokens: 50 },
  );
  return graph;
}

describe("renderHtml", () => {
  it("is one self-contained page that escapes hostile document text", async () => {
    const g = await graph();
    const html = renderHtml({ document: { docId: DOC, title: "<b>Report</b> & co", tokens: 1000, chars: TEXT.length }, ...g });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    // exactly our two script elements, nothing injected
    expect(html.match(/<script/gi)?.length).toBe(2);
    expect(html.match(/<\/script/gi)?.length).toBe(2);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>Report");
    expect(html).toContain("&#60;b&#62;Report&#60;/b&#62; &#38; co");
    expect(html).not.toMatch(/[\u2028\u2029]/);
    // no external assets
    expect(html).not.toMatch(/<[a-z][^>]*\s(?:src|href)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    // the embedded data parses back to the node texts
    const json = /<script type="application\/json" id="pecan-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    const data = JSON.parse(json) as { id: string; text: string; level: number }[];
    expect(data.map((d) => d.text).sort()).toEqual(g.nodes.map((n) => n.text).sort());
    // levels drawn as rows, top first; one box per node
    const levels = [...new Set(g.nodes.map((n) => n.level))].sort((a, b) => b - a);
    const labels = [...html.matchAll(/class="rowlabel">level (\d+)/g)].map((m) => Number(m[1]));
    expect(labels).toEqual(levels);
    expect(html.match(/<rect /g)?.length).toBe(g.nodes.length);
    expect(levels.length).toBeGreaterThan(1);
  });

  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;");
  });
});

describe("renderDot", () => {
  it("gives one rank per level and every edge, with balanced quotes and braces", async () => {
    const g = await graph();
    const dot = renderDot({ document: { docId: DOC, title: "Report" }, ...g });
    expect(dot.startsWith('digraph "evil\\"doc" {')).toBe(true);
    expect(dot.trimEnd().endsWith("}")).toBe(true);
    const levels = new Set(g.nodes.map((n) => n.level));
    expect(dot.match(/rank=same;/g)?.length).toBe(levels.size);
    // strip quoted strings: what is left must have balanced braces and no stray quotes
    const outside = dot.replace(/"(?:[^"\\]|\\.)*"/g, "S");
    expect(outside.match(/ -> /g)?.length).toBe(g.edges.length);
    expect(outside).not.toContain('"');
    expect(outside.match(/\{/g)?.length).toBe(outside.match(/\}/g)?.length);
    for (const line of outside.split("\n").filter((l) => l.includes("->"))) expect(line).toMatch(/^ {2}S -> S \[.*\];$/);
    expect(dot).toContain(`"${nodeIdOf(DOC, 0, 0).replace('"', '\\"')}"`);
  });
});
