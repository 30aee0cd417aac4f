import { describe, expect, it } from "vitest";
import { asDocId, asNodeId } from "../core/ids.js";
import { countTokens } from "../ingest/tokens.js";
import { DocumentTerms } from "./document-terms.js";
import { DEFAULT_LEXRANK, LexRankSummarizer, lexRankScores } from "./lexrank.js";
import { sparseVector, type SparseVector } from "./sparse-vector.js";
import type { SummarizeContext, WindowInput } from "./summarizer.js";
import { maxOf } from "../core/arrays.js";

/** Dense cosine, written independently of sparse-vector.ts. */
function denseCosine(a: SparseVector, b: SparseVector): number {
  const x = new Map<number, number>();
  a.ids.forEach((id, i) => x.set(id, a.weights[i] ?? 0));
  const y = new Map<number, number>();
  b.ids.forEach((id, i) => y.set(id, b.weights[i] ?? 0));
  let d = 0;
  for (const [k, v] of x) d += v * (y.get(k) ?? 0);
  const nx = Math.sqrt([...x.values()].reduce((s, v) => s + v * v, 0));
  const ny = Math.sqrt([...y.values()].reduce((s, v) => s + v * v, 0));
  return nx === 0 || ny === 0 ? 0 : d / (nx * ny);
}

/** LexRank by solving (I - d Mᵀ) x = (1 - d)/n with Gaussian elimination (partial pivoting). */
function lexRankBySolving(vectors: readonly SparseVector[], threshold: number, d: number): number[] {
  const n = vectors.length;
  const adjacency = vectors.map((a, i) => vectors.map((b, j) => (i === j || denseCosine(a, b) > threshold ? 1 : 0)));
  const m = adjacency.map((row) => {
    const degree = row.reduce<number>((s, v) => s + v, 0);
    return row.map((v) => v / degree);
  });
  // A = I - d Mᵀ, augmented with b = (1 - d)/n.
  const a = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0) - d * (m[j]?.[i] ?? 0)),
    (1 - d) / n,
  ]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = a[col] as number[];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const f = (row[col] ?? 0) / (p[col] ?? 1);
      for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - f * (p[c] ?? 0);
    }
  }
  return a.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

const SENTENCES = [
  "Alice Smith founded Acme Corp in Lyon in 1999.",
  "Acme Corp makes bicycles and bicycle parts in Lyon.",
  "Alice Smith ran Acme Corp until 2010.",
  "The weather in Lyon was rainy that spring.",
  "Bicycles from Acme Corp won a design prize.",
  "Bob Jones bought Acme Corp from Alice Smith in 2010.",
  "A cat slept on the warm windowsill.",
];

describe("lexRankScores", () => {
  it("equals the solution of the linear system, computed independently", () => {
    const terms = DocumentTerms.fromSentences(SENTENCES);
    const vectors = SENTENCES.map((s) => terms.vector(s));
    for (const threshold of [0, 0.1, 0.2, 0.3]) {
      const scores = lexRankScores(vectors, { threshold });
      const expected = lexRankBySolving(vectors, threshold, DEFAULT_LEXRANK.damping);
      expect(scores.length).toBe(SENTENCES.length);
      scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i] ?? NaN, 9));
      expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it("matches hand-made vectors, including an empty one", () => {
    const vectors = [
      sparseVector(new Map([[0, 1], [1, 2]])),
      sparseVector(new Map([[1, 1], [2, 1]])),
      sparseVector(new Map([[0, 3]])),
      sparseVector(new Map()),
      sparseVector(new Map([[2, 5], [3, 1]])),
    ];
    const scores = lexRankScores(vectors, { threshold: 0.1, damping: 0.85 });
    const expected = lexRankBySolving(vectors, 0.1, 0.85);
    scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i] ?? NaN, 9));
  });

  it("ranks the sentence most connected to others highest", () => {
    const terms = DocumentTerms.fromSentences(SENTENCES);
    const scores = lexRankScores(SENTENCES.map((s) => terms.vector(s)));
    const best = scores.indexOf(maxOf(scores));
    expect(SENTENCES[best]).toMatch(/Acme Corp/);
    const cat = scores[6] ?? 1;
    expect(cat).toBeLessThan(maxOf(scores));
  });

  it("handles n = 0 and n = 1", () => {
    expect(lexRankScores([]).length).toBe(0);
    expect([...lexRankScores([sparseVector(new Map([[0, 1]]))])]).toEqual([1]);
  });
});

function windowOf(text: string, pieces: readonly [number, number][]): WindowInput {
  return {
    docId: asDocId("d"),
    docText: text,
    nodes: pieces.map(([start, end], i) => ({
      nodeId: asNodeId(`d#0.${i}`),
      text: text.slice(start, end),
      spans: [{ start, end }],
      tokens: countTokens(text.slice(start, end)),
    })),
  };
}

function ctxOf(text: string): SummarizeContext {
  return { level: 0, window: 0, terms: DocumentTerms.fromText(text), countTokens };
}

describe("LexRankSummarizer", () => {
  const text = SENTENCES.join(" ") + "\n\n" + SENTENCES.slice(0, 3).join(" ");
  const mid = SENTENCES.join(" ").length;

  it("returns verbatim sentences with their spans, in document order, within the budget", async () => {
    const window = windowOf(text, [[0, mid], [mid + 2, text.length]]);
    const summarizer = new LexRankSummarizer({ ipShare: 0.4 });
    const { ips, usage } = await summarizer.summarize(window, ctxOf(text));
    expect(usage.llmCalls).toBe(0);
    expect(ips.length).toBeGreaterThan(0);
    let last = -1;
    let tokens = 0;
    for (const ip of ips) {
      expect(ip.spans.length).toBe(1);
      const span = ip.spans[0];
      expect(ip.text).toBe(text.slice(span?.start, span?.end));
      expect(span?.start ?? -1).toBeGreaterThan(last);
      last = span?.start ?? last;
      tokens += countTokens(ip.text);
      const source = ip.sources?.[0] ?? -1;
      const node = window.nodes[source];
      expect(node?.spans[0]?.start).toBeLessThanOrEqual(span?.start ?? -1);
      expect(node?.spans[0]?.end).toBeGreaterThanOrEqual(span?.end ?? Infinity);
    }
    const windowTokens = window.nodes.reduce((s, n) => s + n.tokens, 0);
    expect(tokens).toBeLessThanOrEqual(Math.floor(windowTokens * 0.4) + 2);
  });

  it("never picks a sentence twice (redundancy removal) even when it is repeated", async () => {
    const window = windowOf(text, [[0, mid], [mid + 2, text.length]]);
    const { ips } = await new LexRankSummarizer({ ipShare: 1 }).summarize(window, ctxOf(text));
    const texts = ips.map((ip) => ip.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.length).toBeLessThan(SENTENCES.length + 3);
  });

  it("cuts a sentence longer than the budget into verbatim pieces", async () => {
    const long = `${Array.from({ length: 120 }, (_, i) => `word${i % 17} item${i}`).join(" ")}.`;
    const window = windowOf(long, [[0, 600], [601, long.length]]);
    const { ips } = await new LexRankSummarizer({ ipShare: 0.2 }).summarize(window, ctxOf(long));
    const budget = Math.floor(window.nodes.reduce((s, n) => s + n.tokens, 0) * 0.2);
    for (const ip of ips) {
      expect(ip.text).toBe(long.slice(ip.spans[0]?.start, ip.spans[0]?.end));
      expect(countTokens(ip.text)).toBeLessThanOrEqual(budget + 5);
    }
  });

  it("still makes an IP from a window without any term", async () => {
    const text2 = "--- ... ---\n\n*** !!! ***";
    const { ips } = await new LexRankSummarizer().summarize(windowOf(text2, [[0, 11], [13, text2.length]]), ctxOf(text2));
    expect(ips.length).toBeGreaterThan(0);
    expect(ips[0]?.text).toBe(text2.slice(ips[0]?.spans[0]?.start, ips[0]?.spans[0]?.end));
  });

  it("summarizes abstractive nodes (no spans) with sentences of their text and no spans", async () => {
    const window: WindowInput = {
      docId: asDocId("d"),
      docText: "unrelated",
      nodes: SENTENCES.slice(0, 4).map((s, i) => ({ nodeId: asNodeId(`d#1.${i}`), text: s, spans: [], tokens: countTokens(s) })),
    };
    const { ips } = await new LexRankSummarizer({ ipShare: 0.5 }).summarize(window, ctxOf(SENTENCES.join(" ")));
    expect(ips.length).toBeGreaterThan(0);
    for (const ip of ips) {
      expect(ip.spans).toEqual([]);
      expect(window.nodes[ip.sources?.[0] ?? -1]?.text).toContain(ip.text);
    }
  });
});
