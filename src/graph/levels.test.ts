import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asDocId, nodeIdOf, type DocId } from "../core/ids.js";
import type { DocumentGraph, GraphNode } from "../core/types.js";
import { buildLeaves } from "../ingest/chunk.js";
import { countTokens } from "../ingest/tokens.js";
import { ScriptedChatModel } from "../testing/scripted-chat-model.js";
import { AlignmentWeigher } from "./alignment-weigher.js";
import { AttributionWeigher } from "./attribution-weigher.js";
import { buildGraph, DEFAULT_LEVELS, type LevelOptions } from "./levels.js";
import { LexRankSummarizer } from "./lexrank.js";
import { LlmSummarizer } from "./llm-summarizer.js";
import type { Summarizer } from "./summarizer.js";
import { packLeaves, syntheticDocument } from "../testing/graph-fixtures.js";
import { isSmallLevel } from "./windows.js";
import { maxOf } from "../core/arrays.js";

const DOC = asDocId("doc");
const lexrank = () => ({ summarizer: new LexRankSummarizer(), weigher: new AlignmentWeigher(), countTokens });

/** Every invariant of a built graph that holds whatever the summarizer and weigher. */
function checkGraph(text: string, graph: DocumentGraph, options: LevelOptions): void {
  const levels = new Map<number, GraphNode[]>();
  for (const n of graph.nodes) levels.set(n.level, [...(levels.get(n.level) ?? []), n]);
  const top = maxOf(levels.keys());
  expect([...levels.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: top + 1 }, (_, i) => i));
  expect(top).toBeLessThanOrEqual(options.maxDepth);
  // ids and ordinals
  for (const [level, nodes] of levels) {
    nodes.forEach((n, i) => {
      expect(n.ordinal).toBe(i);
      expect(n.nodeId).toBe(nodeIdOf(DOC, level, i));
      expect(n.tokens).toBe(countTokens(n.text));
    });
  }
  // weights per IP: non-negative, sum 1; edges go one level down
  const byId = new Map(graph.nodes.map((n) => [n.nodeId, n]));
  const sums = new Map<string, number>();
  const hasParent = new Set<string>();
  for (const e of graph.edges) {
    expect(e.weight).toBeGreaterThanOrEqual(0);
    const p = byId.get(e.parent);
    const c = byId.get(e.child);
    expect(p?.level).toBe((c?.level ?? -9) + 1);
    sums.set(e.parent, (sums.get(e.parent) ?? 0) + e.weight);
    hasParent.add(e.child);
  }
  for (const n of graph.nodes) {
    if (n.level > 0) expect(Math.abs((sums.get(n.nodeId) ?? 0) - 1)).toBeLessThan(1e-6);
    if (n.level < top) expect(hasParent.has(n.nodeId)).toBe(true);
    if (n.level > 0) expect(n.meta?.window).toEqual(expect.any(Number));
    // extractive spans reproduce the document exactly
    if (n.spans.length > 0) expect(n.spans.map((s) => text.slice(s.start, s.end)).join(" ")).toBe(n.text);
  }
  // levels shrink
  for (let l = 1; l <= top; l++) {
    const below = levels.get(l - 1) ?? [];
    const here = levels.get(l) ?? [];
    const tokens = (list: GraphNode[]) => list.reduce((s, n) => s + n.tokens, 0);
    expect(here.length < below.length || tokens(here) < tokens(below)).toBe(true);
    expect(isSmallLevel(below.map((n) => n.tokens), options)).toBe(false);
  }
}

const WORDS = ["acme", "bicycle", "lyon", "alice", "bob", "prize", "river", "flood", "design", "company", "year", "sold", "bought", "the", "a", "of", "in", "was"];
const ODD = ["<script>alert(1)</script>", "é", "😀", "Dr.", "1999", "“quoted”", "a\u00a0b", "&amp;"];
const sentenceArb = fc
  .tuple(fc.array(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD) }), { minLength: 1, maxLength: 25 }), fc.constantFrom(". ", "? ", "! ", ".\n\n", "\n", " "))
  .map(([words, end]) => `${words.join(" ")}${end}`);
const docArb = fc.array(sentenceArb, { minLength: 1, maxLength: 150, size: "max" }).map((s) => s.join(""));

describe("buildGraph (LexRank + alignment), properties", () => {
  const options: LevelOptions = { windowTokens: 200, minWindowNodes: 2, topMaxNodes: 3, topMaxTokens: 60, maxDepth: 4 };

  it("keeps every invariant and is deterministic on random documents", async () => {
    await fc.assert(
      fc.asyncProperty(docArb, fc.integer({ min: 10, max: 80 }), async (text, leafTokens) => {
        const leaves = packLeaves(DOC, text, { targetTokens: leafTokens, countTokens });
        fc.pre(leaves.length > 0);
        const a = await buildGraph({ docId: DOC, text }, leaves, lexrank(), options);
        checkGraph(text, a.graph, options);
        const top = maxOf(a.graph.nodes.map((n) => n.level));
        const topTokens = a.graph.nodes.filter((n) => n.level === top).map((n) => n.tokens);
        expect(isSmallLevel(topTokens, options) || top === options.maxDepth).toBe(true);
        for (const n of a.graph.nodes.filter((x) => x.level > 0)) {
          expect(n.madeBy).toBe("lexrank");
          expect(n.spans.length).toBe(1);
        }
        for (const e of a.graph.edges) expect(e.madeBy).toBe("alignment");
        expect(a.usage).toEqual({ llmCalls: 0, llmTokensIn: 0, llmTokensOut: 0 });
        expect(a.stats.map((s) => s.level)).toEqual(Array.from({ length: top + 1 }, (_, i) => i));
        const b = await buildGraph({ docId: DOC, text }, leaves, lexrank(), options);
        expect(b.graph).toEqual(a.graph);
      }),
      { numRuns: 40 },
    );
  });
});

describe("buildGraph over the ingest layer's leaves, properties", () => {
  const options: LevelOptions = { windowTokens: 250, minWindowNodes: 2, topMaxNodes: 4, topMaxTokens: 80, maxDepth: 5 };

  it("keeps every invariant with LexRank + alignment", async () => {
    await fc.assert(
      fc.asyncProperty(docArb, fc.integer({ min: 20, max: 120 }), async (text, maxTokens) => {
        const leaves = buildLeaves({ docId: DOC, text }, { maxTokens });
        fc.pre(leaves.length > 0);
        const { graph } = await buildGraph({ docId: DOC, text }, leaves, lexrank(), options);
        checkGraph(text, graph, options);
      }),
      { numRuns: 20 },
    );
  });

  it("keeps every invariant with an LLM (odd output, garbage windows) + attribution", async () => {
    await fc.assert(
      fc.asyncProperty(docArb, fc.integer({ min: 0, max: 4 }), async (text, garbageEvery) => {
        const leaves = buildLeaves({ docId: DOC, text }, { maxTokens: 60 });
        fc.pre(leaves.length > 0);
        const model = bulletModel(garbageEvery);
        const { graph, usage } = await buildGraph(
          { docId: DOC, text },
          leaves,
          { summarizer: new LlmSummarizer(model), weigher: new AttributionWeigher(), countTokens },
          options,
        );
        checkGraph(text, graph, options);
        expect(usage.llmCalls).toBe(model.calls.length);
      }),
      { numRuns: 20 },
    );
  });
});

describe("buildGraph with the default sizes", () => {
  const text = syntheticDocument(7, 9000);
  const leaves = packLeaves(DOC, text, { targetTokens: 300, countTokens });

  it("builds at least two levels above the leaves of a >10k-token document, with a small top", async () => {
    expect(leaves.reduce((s, l) => s + l.tokens, 0)).toBeGreaterThan(10_000);
    const progress: number[][] = [];
    const { graph, stats } = await buildGraph({ docId: DOC, text }, leaves, {
      ...lexrank(),
      onProgress: (p) => progress.push([p.level, p.window, p.windows]),
    });
    checkGraph(text, graph, DEFAULT_LEVELS);
    expect(stats.length).toBeGreaterThanOrEqual(3);
    const top = stats[stats.length - 1];
    expect((top?.nodes ?? 99) <= DEFAULT_LEVELS.topMaxNodes || (top?.tokens ?? 1e9) <= DEFAULT_LEVELS.topMaxTokens).toBe(true);
    for (const s of stats.slice(1)) expect(s.compression).toBeLessThan(0.5);
    const first = progress.filter(([level]) => level === 1);
    expect(first[first.length - 1]?.[1]).toBe(first[0]?.[2]);
  });

  it("gives a small document only its leaves", async () => {
    const small = leaves.slice(0, 3);
    const { graph, stats } = await buildGraph({ docId: DOC, text }, small, lexrank());
    expect(graph.nodes).toEqual(small);
    expect(graph.edges).toEqual([]);
    expect(stats.length).toBe(1);
  });

  it("gives no nodes for no leaves", async () => {
    const { graph } = await buildGraph({ docId: DOC, text: "" }, [], lexrank());
    expect(graph).toEqual({ nodes: [], edges: [] });
  });

  it("stops at maxDepth", async () => {
    const { stats } = await buildGraph({ docId: DOC, text }, leaves, lexrank(), { maxDepth: 1 });
    expect(stats.length).toBe(2);
  });

  it("drops a level that does not shrink and stops", async () => {
    const copier: Summarizer = {
      id: "copy",
      summarize: (window) => Promise.resolve({ ips: window.nodes.map((n) => ({ text: n.text, spans: n.spans })), usage: { llmCalls: 0, llmTokensIn: 0, llmTokensOut: 0 } }),
    };
    const { graph, stats } = await buildGraph({ docId: DOC, text }, leaves, { ...lexrank(), summarizer: copier });
    expect(stats.length).toBe(1);
    expect(graph.nodes.length).toBe(leaves.length);
  });

  it("records pages of extractive IPs when the document has pages", async () => {
    const pageStarts = [0, Math.floor(text.length / 3), Math.floor((2 * text.length) / 3)];
    const { graph } = await buildGraph({ docId: DOC, text, pageStarts }, leaves, lexrank(), { maxDepth: 1 });
    for (const n of graph.nodes.filter((x) => x.level === 1)) {
      const s = n.spans[0];
      const page = pageStarts.filter((p) => p <= (s?.start ?? 0)).length;
      expect(n.pages?.[0]).toBe(page);
    }
  });

  it("refuses leaves of another document, and a cancelled build", async () => {
    const other = packLeaves(asDocId("other"), text, { targetTokens: 300, countTokens });
    await expect(buildGraph({ docId: DOC, text }, other, lexrank())).rejects.toMatchObject({ code: "E_INTERNAL" });
    const controller = new AbortController();
    controller.abort();
    await expect(buildGraph({ docId: DOC, text }, leaves, { ...lexrank(), signal: controller.signal })).rejects.toMatchObject({
      code: "E_ABORTED",
    });
  });
});

/** A scripted model that writes one cited point per passage it is shown, and garbage for some windows. */
function bulletModel(garbageEvery: number) {
  return new ScriptedChatModel((request, index) => {
    if (garbageEvery > 0 && index % garbageEvery === garbageEvery - 1) return index % 2 === 0 ? "" : "Sure! 42 (7) [999]";
    const user = request.messages.find((m) => m.role === "user")?.content ?? "";
    const points = [...user.matchAll(/^\[(\d+)\] (.*)$/gm)].map(([, n, body]) => {
      const words = (body ?? "").split(/\s+/).slice(0, 6).join(" ");
      return `${Number(n) % 2 === 0 ? "*" : "1."} ${words.replace(/[.!?]+$/, "")}. [${n}${Number(n) > 1 ? `, ${Number(n) - 1}` : ""}]`;
    });
    return `Here are the points:\n\n${points.filter((_, i) => i % 3 === 0).join("\n")}`;
  });
}

function docOf(docId: DocId, words: number) {
  const text = syntheticDocument(11, words);
  return { text, leaves: packLeaves(docId, text, { targetTokens: 300, countTokens }) };
}

describe("buildGraph (LLM + attribution)", () => {
  const { text, leaves } = docOf(DOC, 6000);

  it("builds abstractive levels, falls back per window on garbage, and adds up usage", async () => {
    const model = bulletModel(3);
    const { graph, usage } = await buildGraph({ docId: DOC, text }, leaves, {
      summarizer: new LlmSummarizer(model),
      weigher: new AttributionWeigher(),
      countTokens,
    });
    checkGraph(text, graph, DEFAULT_LEVELS);
    expect(usage.llmCalls).toBe(model.calls.length);
    expect(usage.llmTokensIn).toBeGreaterThan(0);
    const ips = graph.nodes.filter((n) => n.level > 0);
    const fallbacks = ips.filter((n) => n.madeBy === "lexrank(fallback)");
    const llm = ips.filter((n) => n.madeBy === "llm:scripted");
    expect(fallbacks.length).toBeGreaterThan(0);
    expect(llm.length).toBeGreaterThan(0);
    for (const n of fallbacks) expect(n.meta?.fallback).toEqual(expect.any(String));
    for (const n of llm) {
      expect(n.spans).toEqual([]);
      expect(n.meta?.fallback).toBeUndefined();
    }
    for (const e of graph.edges) expect(e.madeBy).toBe("attribution");
    for (const c of model.calls) expect(c.temperature).toBe(0);
  });

  it("fails with E_PROVIDER when a window is unusable and onUnusable is error", async () => {
    const model = bulletModel(2);
    const summarizer = new LlmSummarizer(model, { onUnusable: "error" });
    await expect(buildGraph({ docId: DOC, text }, leaves, { summarizer, weigher: new AttributionWeigher(), countTokens })).rejects.toMatchObject({
      code: "E_PROVIDER",
    });
  });

  it("is deterministic with a deterministic model", async () => {
    const build = () => buildGraph({ docId: DOC, text }, leaves, { summarizer: new LlmSummarizer(bulletModel(4)), weigher: new AttributionWeigher(), countTokens });
    expect((await build()).graph).toEqual((await build()).graph);
  });
});
