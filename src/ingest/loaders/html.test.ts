import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalizeText } from "../normalize.js";
import { htmlToText, parseHtml } from "./html.js";

const PAGE = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>Caf&eacute; &amp; Bar</title>
  <style>body { color: red; } p > a { x: "</p>" }</style>
  <script>var s = "<p>not text</p>"; if (a < b && c > d) {}</script>
</head>
<body>
  <!-- a comment <p>hidden</p> -->
  <h1>Menu   of the
     day</h1>
  <p>Coffee &amp; cake&#8217;s price &#x2014; <b>cheap</b>, <a href="x?a=1&amp;b=2" title="a > b">see here</a>.</p>
  <noscript><p>Enable scripts</p></noscript>
  <template><p>template text</p></template>
  <div>First line<br>Second line</div>
  <ul><li>One</li><li>Two &lt;3&gt;</li></ul>
  <table><tr><th>Name</th><th>Price</th></tr><tr><td>Tea</td><td>2 &euro;</td></tr></table>
  <pre>  code   stays
    as is</pre>
  <p>Last&nbsp;one <img src="x.png" alt="a cup"> here &unknown; &copy 2024</p>
  <SCRIPT type="text/javascript">document.write("<h2>x</h2>")</SCRIPT>
</body>
</html>`;

describe("htmlToText", () => {
  it("keeps the visible text with blocks as lines and paragraphs as blank lines", () => {
    const { text, title } = htmlToText(PAGE);
    expect(title).toBe("Café & Bar");
    expect(text).toBe(
      [
        "Menu of the day",
        "",
        "Coffee & cake’s price — cheap, see here.",
        "",
        "First line",
        "Second line",
        "",
        "One",
        "Two <3>",
        "",
        "Name\tPrice",
        "Tea\t2 €",
        "",
        "  code   stays",
        "    as is",
        "",
        "Last\u00a0one a cup here &unknown; © 2024",
      ].join("\n"),
    );
    for (const hidden of ["color", "not text", "hidden", "Enable scripts", "template text", "document.write", "<h2>"]) {
      expect(text).not.toContain(hidden);
    }
  });

  it("takes the title from the first h1 when there is no title element", () => {
    expect(htmlToText("<body><h1>The <em>Real</em> Title</h1><h1>Other</h1><p>x</p></body>").title).toBe("The Real Title");
    expect(htmlToText("<p>no heading</p>").title).toBeUndefined();
  });

  it("copes with broken markup", () => {
    expect(htmlToText("a < b and <p>c<!-- unclosed").text).toBe("a < b and\n\nc");
    expect(htmlToText("<p>x<script>never closed").text).toBe("x");
    expect(htmlToText("<head><title>T</title><p>Body without closing head").text).toBe("Body without closing head");
    expect(htmlToText('<p title="a>b">text</p>').text).toBe("text");
    expect(htmlToText('<p title="never closed>text</p>').text).toBe("text");
  });

  it("never throws, and returns normalised, trimmed text", () => {
    const pieces = ["<p>", "</p>", "<script>", "</script>", "<!--", "-->", "<h1>", "</h1>", "<br/>", "<td>", "<tr>", "<pre>",
      "</pre>", "<head>", "<template>", "</template>", "<a href='>'>", "&amp;", "&#x", "&", "<", ">", "\"", "text", " ", "\n"];
    const html = fc.oneof(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((p) => p.join("")), fc.string());
    fc.assert(
      fc.property(html, (source) => {
        const { text } = htmlToText(source);
        expect(normalizeText(text)).toBe(text);
        expect(text.trim()).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("reads bytes through the UTF-8 decoder", () => {
    const bytes = new TextEncoder().encode("\ufeff<h1>Plan</h1>\r\n<p>Text.</p>");
    expect(parseHtml(bytes, "plan.html")).toEqual({ text: "Plan\n\nText.", title: "Plan" });
  });
});

describe("page chrome", () => {
  const SPHINX = `<html><head><title>Config — Tool 1.0 documentation</title></head><body>
<div class="related" role="navigation" aria-label="related navigation"><h3>Navigation</h3><ul><li><a href="genindex.html">index</a></li><li><a href="next.html">next</a> |</li></ul></div>
<div class="document"><div class="body" role="main">
<section id="config"><h1>Configuration<a class="headerlink" href="#config" title="Permalink to this heading">¶</a></h1>
<p>The <code>histcontrol</code> value <em>ignoreboth</em> means both ignorespace and ignoredups.</p>
<h2>Files<a class="headerlink" href="#files">¶</a></h2><p>Settings are read from <code>~/.toolrc</code>.</p></section>
</div></div>
<div class="sphinxsidebar" role="navigation"><div class="sphinxsidebarwrapper"><h3>Table of Contents</h3><ul><li><a href="#">Configuration</a></li></ul></div></div>
<nav class="footer-nav"><a href="prev.html">Previous</a> <a href="next.html">Next</a></nav>
</body></html>`;

  it("leaves out Sphinx permalink marks and navigation blocks, keeps the body", () => {
    const { text } = htmlToText(SPHINX);
    expect(text).toBe("Configuration\n\nThe histcontrol value ignoreboth means both ignorespace and ignoredups.\n\nFiles\n\nSettings are read from ~/.toolrc.");
    expect(text).not.toContain("¶");
  });

  it("drops a bare pilcrow at a line's end, and keeps a page that is all navigation", () => {
    expect(htmlToText("<h2>Usage ¶</h2><p>Run it.</p>").text).toBe("Usage\n\nRun it.");
    const index = parseHtml(new TextEncoder().encode("<nav><a href='a.html'>Alpha guide</a> <a href='b.html'>Beta guide</a></nav>"), "index.html");
    expect(index.text).toBe("Alpha guide Beta guide");
  });
});
