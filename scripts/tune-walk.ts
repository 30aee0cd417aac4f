/**
 * A grid over the walk's and relevance's knobs on the development data, reading to a fixed
 * budget (--fill), to choose their defaults:
 *
 *   npm run build && node dist/scripts/tune-walk.js [--limit 40] [--budget 500 --budget 1000]
 *       [--sets cuad,qasper] [--grid a,b] [--per-question FILE]
 *
 * --per-question writes one JSON line per question, setting and budget (its recall), so two
 * settings can be compared question by question.
 * Prints, per setting, mean recall (span recall where evidence exists, else answer recall) per
 * set and budget, and the mean over sets. Only ../shared/data (dev) is used.
 */
import { parseArgs } from "node:util";
import { appendFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createEngine, findWordVectors, loadWordVectors, type Span } from "../src/index.js";
import type { RelevanceOptions } from "../src/retrieval/relevance.js";
import type { WalkPolicy } from "../src/retrieval/walk.js";
import { loadDataset } from "../src/eval/dataset.js";
import { answerRecall, locatableAnswers, locateEvidence, readTextOf, spanRecall } from "../src/eval/metrics.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/data" },
    limit: { type: "string", default: "40" },
    budget: { type: "string", multiple: true },
    sets: { type: "string", default: "cuad,financebench,hotpotqa,musique,nq_wiki,qasper" },
    grid: { type: "string", default: "default" },
    "per-question": { type: "string" },
  },
});

interface Setting {
  name: string;
  walk: Partial<WalkPolicy>;
  relevance: Partial<RelevanceOptions>;
  vectors?: boolean;
}

const GRIDS: Record<string, Setting[]> = {
  default: [{ name: "defaults", walk: {}, relevance: {} }],
  context: [0, 0.2, 0.35, 0.5, 0.7].map((c) => ({ name: `context=${c}`, walk: {}, relevance: { context: c } })),
  push: [0, 0.25, 0.5, 1].map((p) => ({ name: `push=${p}`, walk: { push: p }, relevance: {} })),
  carry: [0, 100, 300, 1000, 3000, 1e9].map((c) => ({ name: `carry=${c}`, walk: { carry: c }, relevance: {} })),
  neighbour: [0, 0.15, 0.3, 0.6].map((n) => ({ name: `neighbour=${n}`, walk: { neighbour: n }, relevance: {} })),
  start: [0, 0.05, 0.1, 0.2].map((s) => ({ name: `startShare=${s}`, walk: { startShare: s }, relevance: {} })),
  vectors: [0, 0.15, 0.3, 0.5].map((w) => ({ name: `vectorWeight=${w}`, walk: {}, relevance: { vectorWeight: w }, vectors: w > 0 })),
  graph: [
    { name: "defaults", walk: {}, relevance: {} },
    { name: "push=0", walk: { push: 0 }, relevance: {} },
    { name: "startShare=0", walk: { startShare: 0 }, relevance: {} },
    { name: "flat (no start, no push, no section)", walk: { push: 0, startShare: 0, section: 0 }, relevance: {} },
    { name: "startShare=0.05", walk: { startShare: 0.05 }, relevance: {} },
  ],
  push2: [
    { name: "flat (no start, no push, no section)", walk: { push: 0, startShare: 0, section: 0 }, relevance: {} },
    { name: "start 0, push 0.15", walk: { push: 0.15, startShare: 0 }, relevance: {} },
    { name: "start 0, push 0.3", walk: { push: 0.3, startShare: 0 }, relevance: {} },
    { name: "flat, neighbour 0.8", walk: { push: 0, startShare: 0, neighbour: 0.8 }, relevance: {} },
  ],
  combo: [
    { name: "n0.3 p0.5", walk: { neighbour: 0.3, push: 0.5 }, relevance: {} },
    { name: "n0.6 p0.5", walk: { neighbour: 0.6, push: 0.5 }, relevance: {} },
    { name: "n0.6 p0.75", walk: { neighbour: 0.6, push: 0.75 }, relevance: {} },
    { name: "n1.0 p0.5", walk: { neighbour: 1.0, push: 0.5 }, relevance: {} },
    { name: "n0.6 p0.5 c0.45", walk: { neighbour: 0.6, push: 0.5 }, relevance: { context: 0.45 } },
  ],
  bridge: [0, 0.25, 0.5, 1, 2].map((b) => ({ name: `bridge=${b}`, walk: { bridge: b }, relevance: {} })),
  names: [0.5, 1, 2, 4].map((b) => ({ name: `names bridge=${b}`, walk: { bridge: b, bridgeNames: true }, relevance: {} })),
  from: [
    { bridge: 1, bridgeNames: false, bridgeFrom: 0.5 },
    { bridge: 2, bridgeNames: false, bridgeFrom: 0.5 },
    { bridge: 2, bridgeNames: false, bridgeFrom: 0.8 },
    { bridge: 2, bridgeNames: true, bridgeFrom: 0.5 },
    { bridge: 4, bridgeNames: true, bridgeFrom: 0.8 },
  ].map((w) => ({ name: `b=${w.bridge},${w.bridgeNames ? "names" : "terms"},from=${w.bridgeFrom}`, walk: w, relevance: {} })),
  from2: [
    { bridge: 0, bridgeNames: true, bridgeFrom: 0 },
    { bridge: 0.5, bridgeNames: true, bridgeFrom: 0.5 },
    { bridge: 1, bridgeNames: true, bridgeFrom: 0.5 },
    { bridge: 1, bridgeNames: true, bridgeFrom: 0.8 },
    { bridge: 1, bridgeNames: true, bridgeFrom: 0.5, bridgeTerms: 4 },
    { bridge: 2, bridgeNames: true, bridgeFrom: 0.8, bridgeTerms: 4 },
  ].map((w) => ({ name: `b=${w.bridge},names,from=${w.bridgeFrom},k=${w.bridgeTerms ?? 8}`, walk: w, relevance: {} })),
  pick: [
    { bridge: 0.5, bridgeNames: true, bridgeFrom: 0.5 },
    { bridge: 1, bridgeNames: true, bridgeFrom: 0.8 },
  ].map((w) => ({ name: `b=${w.bridge},names,from=${w.bridgeFrom}`, walk: w, relevance: {} })),
  section: [0, 0.25, 0.5, 1, 2, 4].map((w) => ({ name: `section=${w}`, walk: { section: w }, relevance: {} })),
  centrality: [0, 0.1, 0.25, 0.5].map((w) => ({ name: `centrality=${w}`, walk: { centrality: w }, relevance: {} })),
  neighbourSmall: [0.6, 1].map((n) => ({ name: `neighbour=${n}`, walk: { neighbour: n }, relevance: {} })),
  neighbourLarge: [0.6, 1, 1.5, 2.5].map((n) => ({ name: `neighbour=${n}`, walk: { neighbour: n }, relevance: {} })),
  contextLarge: [0.35, 0.5, 0.65].map((c) => ({ name: `context=${c}`, walk: {}, relevance: { context: c } })),
  pprLarge: [0, 0.25, 0.5].map((w) => ({ name: `ppr=${w}`, walk: {}, relevance: { ppr: w } })),
  ppr: [0, 0.1, 0.25, 0.5, 1].map((w) => ({ name: `ppr=${w}`, walk: {}, relevance: { ppr: w } })),
  push0: [
    { name: "defaults", walk: {}, relevance: {} },
    { name: "push=0", walk: { push: 0 }, relevance: {} },
  ],
  bridgeTerms: [2, 4, 8, 16].map((n) => ({ name: `bridge=0.5,terms=${n}`, walk: { bridge: 0.5, bridgeTerms: n }, relevance: {} })),
  bridgeHigh: [0.5, 1, 2, 3].map((b) => ({ name: `bridge=${b}`, walk: { bridge: b, nested: 1 }, relevance: {} })),
  bridgeCarry: [0.5, 1, 2].map((b) => ({ name: `carry bridge=${b}`, walk: { bridge: b, bridgeCarry: true, nested: 1 }, relevance: {} })),
  proseCarry: [0, 100, 300, 1000].map((c) => ({ name: `proseCarry=${c}`, walk: { proseCarry: c }, relevance: {} })),
  leafLend: [0.1, 0.25, 0.5, 1].map((w) => ({ name: `leafLend=${w}`, walk: { leafLend: w }, relevance: {} })),
  lendPpr: [
    { lend: 0.1, ppr: 0.25 },
    { lend: 0.25, ppr: 0.25 },
    { lend: 0.25, ppr: 1 },
  ].map((c) => ({ name: `leafLend=${c.lend},ppr=${c.ppr}`, walk: { leafLend: c.lend }, relevance: { ppr: c.ppr } })),
  sectionWhole: [0.02, 0.05, 0.1, 0.2].map((w) => ({ name: `sectionWhole=${w}`, walk: { sectionWhole: w }, relevance: {} })),
  proseCarryLines2: [0.7, 0.9].map((x) => ({ name: `proseCarry=100,lines>=${x}`, walk: { proseCarry: 100, proseCarryLines: x }, relevance: {} })),
  proseCarryLines: [0.3, 0.5, 0.7].map((x) => ({ name: `proseCarry=100,lines>=${x}`, walk: { proseCarry: 100, proseCarryLines: x }, relevance: {} })),
  pprMid: [0.25, 0.5, 1].map((w) => ({ name: `ppr=${w}`, walk: {}, relevance: { ppr: w } })),
  pprHigh: [1, 2].map((w) => ({ name: `ppr=${w}`, walk: {}, relevance: { ppr: w } })),
  typed: [0.25, 0.5, 1].map((w) => ({ name: `typed=${w}`, walk: { typed: w, typedNested: true, typedNumbers: true }, relevance: {} })),
  typed2: [
    { typed: 1, typedNested: false, typedNumbers: true },
    { typed: 2, typedNested: false, typedNumbers: true },
  ].map((w) => ({ name: `typed=${w.typed}${w.typedNested ? "" : ",not nested"}`, walk: w, relevance: {} })),
  typedRarity: [
    { typed: 1, typedRarity: true, typedNumbers: true },
    { typed: 2, typedRarity: true, typedNumbers: true },
  ].map((w) => ({ name: `typed=${w.typed},rarity`, walk: w, relevance: {} })),
  typedNames: [
    { typed: 1 },
    { typed: 2 },
    { typed: 2, typedRarity: true },
  ].map((w) => ({ name: `typed=${w.typed},dates+names${w.typedRarity ? ",rarity" : ""}`, walk: w, relevance: {} })),
  bridgeLarge: [
    { name: "bridge=0", walk: { bridge: 0 }, relevance: {} },
    { name: "nested=1", walk: { nested: 1 }, relevance: {} },
  ],
  large: [
    { name: "defaults", walk: {}, relevance: {} },
    ...[0.5, 1, 2].map((t) => ({ name: `typed=${t} at every cap`, walk: { typed: t, typedUntil: Infinity }, relevance: {} })),
    ...[0.35, 0.75].map((w) => ({ name: `ppr=${w}`, walk: {}, relevance: { ppr: w } })),
    ...[300, 3000].map((c) => ({ name: `carry=${c}`, walk: { carry: c }, relevance: {} })),
    ...[0.5, 0.75].map((n) => ({ name: `neighbour=${n}`, walk: { neighbour: n }, relevance: {} })),
    ...[0.3, 0.7].map((f) => ({ name: `bridgeFrom=${f}`, walk: { bridgeFrom: f }, relevance: {} })),
    ...[1, 4].map((w) => ({ name: `section=${w}`, walk: { section: w }, relevance: {} })),
    ...[0, 0.5].map((w) => ({ name: `push=${w}`, walk: { push: w }, relevance: {} })),
    ...[0.2, 0.25, 0.3].map((c) => ({ name: `context=${c}`, walk: {}, relevance: { context: c } })),
    ...[{ k1: 0.9, b: 0.4 }, { k1: 1.2, b: 0.3 }, { k1: 2, b: 0.75 }].map((p) => ({ name: `k1=${p.k1},b=${p.b}`, walk: {}, relevance: { bm25: p } })),
  ],
  k1: [1.6, 2, 3].map((k1) => ({ name: `k1=${k1}`, walk: {}, relevance: { bm25: { k1, b: 0.75 } } })),
  carryLong: [2000, 3000].map((c) => ({ name: `carry=${c}`, walk: { carry: c }, relevance: {} })),
  shortFloor: [0.25, 0.5, 1].map((f) => ({ name: `shortFloor=${f}`, walk: {}, relevance: { shortFloor: f } })),
  carryTables: [3000, 10000, 1e9].map((c) => ({ name: `carryTables=${c}`, walk: { carryTables: c }, relevance: {} })),
  carryProse: [0, 100, 300, 3000].map((c) => ({ name: `carry=${c}`, walk: { carry: c }, relevance: {} })),
  termsLarge: [0.1, 0.25, 0.5].map((b) => ({ name: `terms bridge=${b}`, walk: { bridge: b, bridgeNames: false }, relevance: {} })),
  proseCarryTables: [50, 200, 400].map((c) => ({ name: `proseCarry=${c}`, walk: { proseCarry: c }, relevance: {} })),
  quoted: [
    { name: "quoted=0", walk: { quoted: 0 }, relevance: {} },
    ...[1, 2, 4].map((w) => ({ name: `quoted=${w}`, walk: { quoted: w, quotedWhole: false }, relevance: {} })),
    ...[0.25, 0.5, 1, 2].map((w) => ({ name: `quoted=${w},whole`, walk: { quoted: w, quotedWhole: true }, relevance: {} })),
  ],
  quotedAlone: [{ name: "quoted=0,quotedTerms=2", walk: { quoted: 0 }, relevance: { quotedTerms: 2 } }],
  quotedTerms: [1, 1.5, 2, 3].map((f) => ({ name: `quotedTerms=${f}`, walk: {}, relevance: { quotedTerms: f } })),
  nested: [1, 2, 4, 6].map((f) => ({ name: `nested=${f}`, walk: { nested: f }, relevance: {} })),
  bm25: [
    { k1: 1.2, b: 0.75 },
    { k1: 0.9, b: 0.4 },
    { k1: 1.5, b: 0.9 },
  ].map((p) => ({ name: `k1=${p.k1},b=${p.b}`, walk: {}, relevance: { bm25: p } })),
};

const budgets = (values.budget ?? ["500", "1000"]).map(Number);
const limit = Number(values.limit);
const settings = values.grid.split(",").flatMap((g) => GRIDS[g] ?? []);
const vectorsPath = findWordVectors();
const vectors = vectorsPath ? loadWordVectors(vectorsPath) : undefined;

const results = new Map<string, number[]>();
const perQuestion = values["per-question"];
if (perQuestion) writeFileSync(perQuestion, "");
for (const set of values.sets.split(",")) {
  const dataset = await loadDataset(resolve(values.data), set, { limit });
  const plain = createEngine({ dbPath: ":memory:" });
  await plain.ingestDocuments(dataset.documents.map((d) => ({ ...d, source: set })));
  const withVectors = vectors ? createEngine({ store: plain.store, vectors }) : undefined;
  const texts = new Map(dataset.documents.map((d) => [d.docId as string, d.text]));
  for (const setting of settings) {
    const engine = setting.vectors && withVectors ? withVectors : plain;
    for (const budget of budgets) {
      const scores: number[] = [];
      for (const q of dataset.questions) {
        const text = texts.get(q.docId)!;
        const evidence: Span[] = q.evidence.flatMap((e) => locateEvidence(text, e) ?? []);
        const answers = evidence.length > 0 ? [] : locatableAnswers(q.answers, text);
        if (evidence.length === 0 && answers.length === 0) continue;
        const result = await engine.ask(q.question, { docIds: [q.docId], budget, fill: true, walk: setting.walk, relevance: setting.relevance });
        const spans = result.context.flatMap((c) => c.spans);
        scores.push(evidence.length > 0 ? spanRecall(evidence, spans, text) : answerRecall(answers, readTextOf(text, spans)) ? 1 : 0);
        if (perQuestion) appendFileSync(perQuestion, `${JSON.stringify({ set, setting: setting.name, budget, id: q.id, recall: scores[scores.length - 1] })}\n`);
      }
      const mean = scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length);
      const key = `${setting.name}`;
      results.set(key, [...(results.get(key) ?? []), mean]);
      console.log(`${set.padEnd(13)} ${setting.name.padEnd(22)} B=${String(budget).padEnd(5)} recall=${(mean * 100).toFixed(1)} (n=${scores.length})`);
    }
  }
  await plain.close();
}
console.log("\nmean over sets and budgets:");
for (const [name, xs] of results) console.log(`${name.padEnd(22)} ${((xs.reduce((a, b) => a + b, 0) / xs.length) * 100).toFixed(2)}`);
