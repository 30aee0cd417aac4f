import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { asDocId } from "../core/ids.js";
import { countTokens } from "../ingest/tokens.js";
import { AlignmentWeigher } from "./alignment-weigher.js";
import { buildGraph } from "./levels.js";
import { LexRankSummarizer } from "./lexrank.js";
import { renderHtml } from "./render-html.js";
import { packLeaves } from "../testing/graph-fixtures.js";

/** A local Chromium, if the machine has one; the test is skipped otherwise. */
const CHROMIUM = [process.env.PECAN_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(
  (p): p is string => p !== undefined && p !== "" && existsSync(p),
);

describe.skipIf(CHROMIUM === undefined)("renderHtml in a headless browser", () => {
  it("shows the levels, runs no injected script, and shows a node's text on click", async () => {
    const docId = asDocId("d");
    const text = Array.from(
      { length: 40 },
      (_, i) => `Part ${i}: Acme sold bicycles in Lyon. <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Year ${1990 + i}.`,
    ).join("\n\n");
    const leaves = packLeaves(docId, text, { targetTokens: 60, countTokens });
    const { graph } = await buildGraph(
      { docId, text },
      leaves,
      { summarizer: new LexRankSummarizer(), weigher: new AlignmentWeigher(), countTokens },
      { windowTokens: 300, topMaxNodes: 3, topMaxTokens: 40 },
    );
    const html = renderHtml({ document: { docId, title: "Browser check" }, ...graph });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.route("**/*", (route) => route.abort());
      await page.setContent(html, { waitUntil: "load" });
      expect(await page.title()).toBe("Pecan graph: Browser check");
      expect(await page.locator("svg#graph rect").count()).toBe(graph.nodes.length);
      const levels = new Set(graph.nodes.map((n) => n.level)).size;
      expect(await page.locator("#levels tbody tr").count()).toBe(levels);
      expect(await page.evaluate("window.__pwned")).toBeUndefined();
      const leaves0 = graph.nodes.filter((n) => n.level === 0);
      const leaf = leaves0[leaves0.length - 1];
      await page.locator('svg#graph rect[data-i]').last().click({ force: true });
      const detail = (await page.locator("#detail").textContent()) ?? "";
      expect(detail).toContain(leaf?.nodeId ?? "?");
      expect(detail).toContain(leaf?.text.slice(0, 40) ?? "?");
      expect(detail).toContain("<script>");
      expect(await page.evaluate("window.__pwned")).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
