import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asNodeId } from "../core/ids.js";
import type { AttentionModel } from "../llm/spec.js";
import { LLM_SPEC_VERSION } from "../llm/spec.js";
import { AlignmentWeigher, alignmentSimilarity } from "./alignment-weigher.js";
import { AttentionWeigher } from "./attention-weigher.js";
import { AttributionWeigher } from "./attribution-weigher.js";
import { DocumentTerms } from "./document-terms.js";
import { normalizeWeights, type WeighContext } from "./edge-weigher.js";
import type { InformationPoint, WindowNode } from "./summarizer.js";
import { TestAttentionModel } from "../testing/test-attention-model.js";
import { maxOf } from "../core/arrays.js";

const PARTS = [
  "Alice Smith founded Acme Corp in Lyon in 1999.",
  "Acme Corp made bicycles that won a design prize.",
  "Bob Jones bought Acme Corp in 2010 and moved it to Paris.",
  "The river flooded the old town in the spring.",
];
const TEXT = PARTS.join(" ");
const NODES: WindowNode[] = (() => {
  let offset = 0;
  return PARTS.map((p, i) => {
    const start = offset;
    offset += p.length + 1;
    return { nodeId: asNodeId(`d#0.${i}`), text: p, spans: [{ start, end: start + p.length }], tokens: 12 };
  });
})();
const CTX: WeighContext = { docText: TEXT, terms: DocumentTerms.fromText(TEXT), level: 0 };

const sumOf = (w: readonly number[]) => w.reduce((a, b) => a + b, 0);

describe("normalizeWeights", () => {
  it("is non-negative and sums to 1 for any input, uniform when nothing is positive", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constant(NaN), fc.constant(-0)), { minLength: 1, maxLength: 30 }), (raw) => {
        const w = normalizeWeights(raw);
        expect(w.length).toBe(raw.length);
        for (const x of w) expect(x).toBeGreaterThanOrEqual(0);
        expect(Math.abs(sumOf(w) - 1)).toBeLessThan(1e-9);
      }),
    );
    expect(normalizeWeights([0, NaN, -3])).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(normalizeWeights([2, NaN, 2])).toEqual([0.5, 0, 0.5]);
  });
});

describe("AlignmentWeigher", () => {
  it("puts nearly all weight on the node an extractive IP quotes", async () => {
    const quoted = NODES[2] as WindowNode;
    const start = (quoted.spans[0]?.start ?? 0) + 0;
    const ip: InformationPoint = { text: TEXT.slice(start, start + 20), spans: [{ start, end: start + 20 }] };
    const w = await new AlignmentWeigher().weigh(ip, NODES, CTX);
    expect(w[2]).toBeGreaterThan(0.99);
    expect(Math.abs(sumOf(w) - 1)).toBeLessThan(1e-9);
    expect(alignmentSimilarity(ip, quoted, CTX)).toBe(1);
  });

  it("follows lexical similarity for an abstractive IP, sharper at lower temperature", async () => {
    const ip: InformationPoint = { text: "Bicycles by Acme won a prize for design.", spans: [] };
    const warm = await new AlignmentWeigher({ temperature: 1 }).weigh(ip, NODES, CTX);
    const cold = await new AlignmentWeigher({ temperature: 0.05 }).weigh(ip, NODES, CTX);
    expect(warm.indexOf(maxOf(warm))).toBe(1);
    expect(cold[1]).toBeGreaterThan(warm[1] ?? 1);
    expect(warm[3]).toBeLessThan(warm[1] ?? 0);
  });

  it("gives uniform weights when the IP shares nothing with the window", async () => {
    const w = await new AlignmentWeigher().weigh({ text: "Zebras graze.", spans: [] }, NODES, CTX);
    for (const x of w) expect(x).toBeCloseTo(0.25, 12);
  });
});

describe("AttributionWeigher", () => {
  const ip: InformationPoint = { text: "Bob Jones bought Acme Corp.", spans: [], sources: [0, 2] };

  it("blends the cited passages (0.7) with alignment (0.3)", async () => {
    const aligned = await new AlignmentWeigher().weigh(ip, NODES, CTX);
    const w = await new AttributionWeigher().weigh(ip, NODES, CTX);
    expect(Math.abs(sumOf(w) - 1)).toBeLessThan(1e-9);
    w.forEach((x, i) => expect(x).toBeCloseTo(0.7 * (i === 0 || i === 2 ? 0.5 : 0) + 0.3 * (aligned[i] ?? 0), 12));
  });

  it("uses alignment alone when nothing usable was cited", async () => {
    const aligned = await new AlignmentWeigher().weigh(ip, NODES, CTX);
    for (const sources of [undefined, [], [-1, 4, 99, 1.5]]) {
      const bare: InformationPoint = { text: ip.text, spans: [], ...(sources ? { sources } : {}) };
      const w = await new AttributionWeigher().weigh(bare, NODES, CTX);
      w.forEach((x, i) => expect(x).toBeCloseTo(aligned[i] ?? NaN, 12));
    }
  });

  it("ignores out-of-range numbers among usable ones", async () => {
    const w = await new AttributionWeigher({ attributionShare: 1 }).weigh({ ...ip, sources: [3, 17, -2] }, NODES, CTX);
    expect(w).toEqual([0, 0, 0, 1]);
  });
});

describe("AttentionWeigher", () => {
  it("asks the attention model with one span per node and normalises its mass", async () => {
    const model = new TestAttentionModel();
    const weigher = new AttentionWeigher(model);
    expect(weigher.id).toBe("attention:test");
    const w = await weigher.weigh({ text: "Bob Jones moved Acme Corp to Paris.", spans: [] }, NODES, CTX);
    expect(Math.abs(sumOf(w) - 1)).toBeLessThan(1e-9);
    expect(w.indexOf(maxOf(w))).toBe(2);
    const request = model.calls[0];
    expect(request?.spans.length).toBe(NODES.length);
    request?.spans.forEach((s, i) => expect(request.context.slice(s.start, s.end)).toBe(NODES[i]?.text));
  });

  it("rejects a model that returns the wrong number of masses (E_PROVIDER)", async () => {
    const broken: AttentionModel = { specVersion: LLM_SPEC_VERSION, id: "broken", attention: () => Promise.resolve({ mass: [1] }) };
    await expect(new AttentionWeigher(broken).weigh({ text: "x y", spans: [] }, NODES, CTX)).rejects.toMatchObject({ code: "E_PROVIDER" });
  });

  it("repairs negative or NaN mass", async () => {
    const odd: AttentionModel = { specVersion: LLM_SPEC_VERSION, id: "odd", attention: () => Promise.resolve({ mass: [NaN, -1, 3, 1] }) };
    expect(await new AttentionWeigher(odd).weigh({ text: "x y", spans: [] }, NODES, CTX)).toEqual([0, 0, 0.75, 0.25]);
  });
});

describe("TestAttentionModel", () => {
  it("is deterministic, sums to 1, and is uniform without overlap", async () => {
    const m = new TestAttentionModel();
    const req = { context: "alpha beta\n\ngamma delta", spans: [{ start: 0, end: 10 }, { start: 12, end: 23 }], output: "beta gamma gamma" };
    const a = await m.attention(req);
    expect(a).toEqual(await m.attention(req));
    expect(sumOf(a.mass)).toBeCloseTo(1, 12);
    expect(a.mass[1]).toBeGreaterThan(a.mass[0] ?? 1);
    expect((await m.attention({ ...req, output: "zeta" })).mass).toEqual([0.5, 0.5]);
  });
});
