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
