import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine } from "../engine/create.js";
import { generatedFixture, sampleFixture } from "../testing/store-fixtures.js";
import { toyDocument } from "../testing/toy-graph.js";
import { buildDocUnits, LINE_FLAG, sentenceFlags, type DocUnits } from "./units.js";
import { ANSWER_TYPE_BIT } from "./query.js";
import { BARE_LABEL_FLAG } from "./sections.js";
import { encodeDocUnits, questionDataOf, storedOrder } from "./units-codec.js";
import { decodeDocUnits } from "./units-decode.js";
import { analyzeQuery } from "./query.js";
import { scoreRelevance } from "./relevance.js";
import { DEFAULT_WALK } from "./walk.js";
import { WalkState } from "./walk-state.js";

function roundTrip(doc: Parameters<typeof buildDocUnits>[0], graph: Parameters<typeof storedOrder>[0]): void {
  const { nodes, edges } = storedOrder(graph);
  const built = buildDocUnits(doc, nodes, edges);
  const bytes = questionDataOf(doc, graph);
  expect(bytes).toEqual(encodeDocUnits(built));
  const decoded = decodeDocUnits(bytes, doc, nodes);
  // Term and document frequencies decode as read-only maps over the blob: compare their entries.
  const plain = (tfs: readonly ReadonlyMap<string, number>[]): Map<string, number>[] => tfs.map((tf) => new Map(tf));
  const plainStats = (stats: DocUnits["sentenceStats"]): DocUnits["sentenceStats"] => ({ ...stats, df: new Map(stats.df) });
  // Decoded sentences make their text and span on first use: compare units through their fields.
  const fields = (units: DocUnits["units"]): object[] =>
    units.map((u) => ({ docId: u.docId, nodeId: u.nodeId, node: u.node, level: u.level, text: u.text, spans: u.spans, tokens: u.tokens, pages: u.pages }));
  expect(fields(decoded.units)).toEqual(fields(built.units));
  // Node lists make their nodes when asked: compare them node by node.
  expect(decoded.nodes.toArray()).toEqual(built.nodes.toArray());
  expect({
    ...decoded,
    nodes: built.nodes,
    units: built.units,
    unitAt: built.unitAt,
    unitTf: plain(decoded.unitTf),
    nodeTf: plain(decoded.nodeTf),
    sentenceStats: plainStats(decoded.sentenceStats),
    leafStats: plainStats(decoded.leafStats),
    termUnits: built.termUnits,
    termNodes: built.termNodes,
  }).toEqual(built);
  for (const term of [...built.sentenceStats.df.keys(), ...built.leafStats.df.keys(), "not-a-term-anywhere"]) {
    for (const index of ["termUnits", "termNodes"] as const) {
      expect(Array.from(decoded[index].unitsWith(term))).toEqual(Array.from(built[index].unitsWith(term)));
      expect(Array.from(decoded[index].countsWith(term))).toEqual(Array.from(built[index].countsWith(term)));
    }
  }
  // The nodes' transpose holds leaves only, with their counts.
  built.nodeTf.forEach((tf, n) => {
    for (const [term, count] of tf) {
      const holders = Array.from(decoded.termNodes.unitsWith(term));
      if (nodes[n]!.level > 0) expect(holders).not.toContain(n);
      else expect(Array.from(decoded.termNodes.countsWith(term))[holders.indexOf(n)]).toBe(count);
    }
  });
  built.unitTf.forEach((tf, u) => {
    for (const term of tf.keys()) expect(Array.from(decoded.termUnits.unitsWith(term))).toContain(u);
  });
  for (const stats of ["sentenceStats", "leafStats"] as const) {
    for (const [term, df] of built[stats].df) expect(decoded[stats].df.get(term)).toBe(df);
    expect(decoded[stats].df.get("not-a-term-anywhere")).toBeUndefined();
  }
  decoded.unitTf.forEach((tf, i) => {
    for (const [term, count] of built.unitTf[i] ?? []) expect(tf.get(term)).toBe(count);
    expect(tf.get("not-a-term-anywhere")).toBeUndefined();
    expect(tf.has("not-a-term-anywhere")).toBe(false);
  });
}

describe("question-time data codec", () => {
  it("decodes to exactly what buildDocUnits builds (pages, extractive and abstractive IPs)", () => {
    const sample = sampleFixture("s");
    roundTrip(sample.doc, sample.graph);
    const toy = toyDocument({ planted: "The quarry at Lindholm shipped granite.", id: "toy" });
    roundTrip({ ...toy, title: "Toy" }, { nodes: toy.nodes, edges: toy.edges });
  });

  it("round-trips generated documents of any size and shape", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 2, max: 5 }), (seed, chars, fanout) => {
        const { doc, graph } = generatedFixture(`g${seed}`, seed, chars, { leafChars: 200, fanout, stride: fanout - 1 });
        roundTrip(doc, graph);
      }),
      { numRuns: 30 },
    );
  });

  it("makes a decoded document's unit objects and term maps on first read: scoring and starting a walk need none", () => {
    const { doc, graph } = generatedFixture("lazy", 5, 6000, { leafChars: 300, fanout: 3, stride: 2 });
    const { nodes } = storedOrder(graph);
    const decoded = decodeDocUnits(questionDataOf(doc, graph), doc, nodes);
    // The same document with its per-unit objects made unreadable.
    const columns = Object.create(null, Object.getOwnPropertyDescriptors(decoded)) as Record<string, unknown>;
    for (const made of ["units", "unitTf", "nodeTf"]) {
      Object.defineProperty(columns, made, {
        get() {
          throw new Error(`${made} was read`);
        },
      });
    }
    const view = [columns as unknown as DocUnits];
    const query = analyzeQuery(`when was ${graph.nodes.find((n) => n.level === 0)!.text.split(/\s+/).slice(0, 6).join(" ")}?`);
    const relevance = scoreRelevance(view, query);
    expect(relevance.best).toBeGreaterThan(0);
    const state = new WalkState(view, relevance, DEFAULT_WALK, query.answerType);
    expect(state.total).toBe(decoded.unitLevel.length);
    // The quoted-phrase prior reads the text of the sentences holding the phrase's terms only.
    const words = graph.nodes.find((n) => n.level === 0)!.text.split(/\s+/).slice(2, 4).join(" ");
    const quotedQuery = analyzeQuery(`what does the contract say about "${words}"?`);
    expect(quotedQuery.quoted?.length).toBe(1);
    expect(DEFAULT_WALK.quoted ?? 0).toBeGreaterThan(0);
    expect(new WalkState(view, scoreRelevance(view, quotedQuery), DEFAULT_WALK, quotedQuery.answerType, quotedQuery.quoted).total).toBe(decoded.unitLevel.length);
    // A step reads its unit through `unitAt`, which makes that unit only, once.
    const step = state.take(state.bestUnread(1e9).g, 0);
    expect(decoded.unitAt(step.ref.unit)).toBe(step.unit);
    expect(() => decoded.unitAt(decoded.unitLevel.length)).toThrow(RangeError);
    // The whole list, made when first read, holds the units already made.
    expect(decoded.units[step.ref.unit]).toBe(step.unit);
    expect(decoded.units).toBe(decoded.units);
    expect(decoded.units).toHaveLength(decoded.unitLevel.length);
    expect(decoded.unitTf).toBe(decoded.unitTf);
    expect(decoded.nodeTf).toHaveLength(nodes.length);
  });

  it("refuses a damaged or mismatched blob with E_STORE", () => {
    const { doc, graph } = sampleFixture("s");
    const { nodes } = storedOrder(graph);
    const bytes = questionDataOf(doc, graph);
    for (const bad of [bytes.slice(0, bytes.length - 3), bytes.slice(0, 20), Uint8Array.from([1, 2, 3])]) {
      expect(() => decodeDocUnits(bad, doc, nodes)).toThrow(expect.objectContaining({ code: "E_STORE" }));
    }
    expect(() => decodeDocUnits(bytes, doc, nodes.slice(1))).toThrow(expect.objectContaining({ code: "E_STORE" }));
  });

  it("refuses a damaged dictionary, a term's holders out of order or range, and a term id past the dictionary, with E_STORE", () => {
    const { doc, graph } = sampleFixture("s");
    const { nodes } = storedOrder(graph);
    const built = buildDocUnits(doc, nodes, storedOrder(graph).edges);
    const bytes = questionDataOf(doc, graph);
    const aligned = (): Uint8Array => new Uint8Array(bytes.slice().buffer);
    const words = new Uint32Array(aligned().buffer, 0, Math.floor(bytes.byteLength / 4));
    const [n, u, e, unitPairs, nodePairs, c, t, dictLength] = [2, 3, 4, 5, 6, 7, 8, 9].map((i) => words[i]!) as [number, number, number, number, number, number, number, number];
    // The dictionary with one term fewer (and the header saying so) no longer fits the layout.
    const dictionary = new TextDecoder().decode(bytes.subarray(bytes.byteLength - dictLength)).split("\0");
    const shorter = new TextEncoder().encode(dictionary.slice(0, -1).join("\0"));
    const head = bytes.slice(0, bytes.byteLength - dictLength);
    new DataView(head.buffer).setUint32(8 * 4, t - 1, true);
    new DataView(head.buffer).setUint32(9 * 4, shorter.byteLength, true);
    const fewer = new Uint8Array(head.byteLength + shorter.byteLength);
    fewer.set(head);
    fewer.set(shorter, head.byteLength);
    expect(() => decodeDocUnits(fewer, doc, nodes)).toThrow(expect.objectContaining({ code: "E_STORE" }));
    // A term's holders, where the layout puts them (units-codec.ts).
    const termOffsetsAt = 16 + (n + 1) + 2 * e + 2 * n + 6 * u + Math.ceil(u / 4) + u;
    const holdersAt = termOffsetsAt + t + 1;
    const shared = dictionary.findIndex((_, id) => words[termOffsetsAt + id + 1]! - words[termOffsetsAt + id]! >= 2);
    expect(shared).toBeGreaterThanOrEqual(0);
    const first = words[termOffsetsAt + shared]!;
    for (const damage of [
      (w: Uint32Array) => ([w[holdersAt + first], w[holdersAt + first + 1]] = [w[holdersAt + first + 1]!, w[holdersAt + first]!]),
      (w: Uint32Array) => (w[holdersAt + first + 1] = u),
    ]) {
      const bad = aligned();
      damage(new Uint32Array(bad.buffer, 0, words.length));
      const decoded = decodeDocUnits(bad, doc, nodes);
      expect(() => decoded.termUnits.unitsWith(dictionary[shared]!)).toThrow(expect.objectContaining({ code: "E_STORE" }));
      expect(() => decoded.unitTf[0]!.get(dictionary[shared]!)).toThrow(expect.objectContaining({ code: "E_STORE" }));
      // Other terms still read.
      const other = dictionary.findIndex((_, id) => id !== shared && words[termOffsetsAt + id + 1]! > words[termOffsetsAt + id]!);
      expect(Array.from(decoded.termUnits.unitsWith(dictionary[other]!))).toEqual(Array.from(built.termUnits.unitsWith(dictionary[other]!)));
    }
    // A document frequency naming a term id past the dictionary, where the frequencies are first read.
    const sentenceDfAt = holdersAt + 2 * unitPairs + n + (t + 1) + 2 * nodePairs + (u + 1) + c;
    const bad = aligned();
    new Uint32Array(bad.buffer, 0, words.length)[sentenceDfAt] = t;
    const decoded = decodeDocUnits(bad, doc, nodes);
    expect(() => decoded.sentenceStats.df.get(dictionary[0]!)).toThrow(expect.objectContaining({ code: "E_STORE" }));
  });

  it("lets a fresh engine on the same store answer from stored data, the same as the one that ingested", async () => {
    const store = (await import("../store/memory/index.js")).createMemoryStore();
    const first = createEngine({ store });
    const toy = toyDocument({ planted: "The quarry at Lindholm shipped granite to the cathedral builders.", id: "toy" });
    await first.ingestDocuments([{ docId: toy.docId, title: "Minutes", text: toy.text, source: "t" }]);
    const a = await first.ask("Where did the Lindholm quarry ship granite?");
    const second = createEngine({ store });
    const b = await second.ask("Where did the Lindholm quarry ship granite?");
    expect(b.context).toEqual(a.context);
    expect(b.answer).toBe(a.answer);
    expect((await store.getQuestionData([toy.docId]))[0]?.data?.byteLength).toBeGreaterThan(0);
  });
});

describe("sentenceFlags", () => {
  it("marks a sentence without closing punctuation as a line, with the answer types it holds", () => {
    expect(sentenceFlags("Revenue 2021")).toBe(LINE_FLAG | ANSWER_TYPE_BIT.number | ANSWER_TYPE_BIT.date | BARE_LABEL_FLAG);
    expect(sentenceFlags("It rained a lot.")).toBe(0);
    expect(sentenceFlags("Net sales of the company")).toBe(LINE_FLAG);
    expect(sentenceFlags("Item 7.")).toBe(ANSWER_TYPE_BIT.number | BARE_LABEL_FLAG);
  });
});
