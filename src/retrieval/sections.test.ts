import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asDocId, nodeIdOf } from "../core/ids.js";
import type { GraphNode } from "../core/types.js";
import { mergeStats, weightQuery } from "./bm25.js";
import { analyzeQuery } from "./query.js";
import { headingRank, headingRanks, sectionPrior } from "./sections.js";
import { buildDocUnits, type DocUnits } from "./units.js";
import { scoreRelevance } from "./relevance.js";
import { runWalk, type Judge } from "./walk.js";

function docOf(paragraphs: readonly string[]): DocUnits {
  const docId = asDocId("contract");
  let offset = 0;
  const nodes: GraphNode[] = paragraphs.map((text, i) => {
    const node: GraphNode = { nodeId: nodeIdOf(docId, 0, i), docId, level: 0, ordinal: i, text, tokens: Math.ceil(text.length / 4), spans: [{ start: offset, end: offset + text.length }], madeBy: "leaf" };
    offset += text.length + 2;
    return node;
  });
  return buildDocUnits({ docId, title: "A contract", text: paragraphs.join("\n\n") }, nodes, []);
}

function priorFor(view: DocUnits[], question: string): Float32Array {
  const stats = mergeStats(view.map((d) => d.sentenceStats));
  return sectionPrior(view, weightQuery(analyzeQuery(question).terms, stats), stats.df)[0]!;
}

const CONTRACT = [
  "11 TERM AND TERMINATION.",
  "11.1 Term.",
  "This agreement runs for five years from the effective date.",
  "11.2 Renewal.",
  "It renews for one year periods unless a party objects.",
  "12 CONFIDENTIALITY.",
  "Each party keeps the other party's secrets for three years.",
];

describe("headingRank", () => {
  it("ranks keyword, numbered and capitalised headings, and rejects prose, rows and wrapped lines", () => {
    expect(headingRank("ARTICLE IV")).toBe(0);
    expect(headingRank("Item 7A.")).toBe(0);
    expect(headingRank("11 TERM AND TERMINATION.")).toBe(1);
    expect(headingRank("11.2 Renewal.")).toBe(2);
    expect(headingRank("CONSOLIDATED BALANCE SHEETS")).toBe(1);
    expect(headingRank("Related Work")).toBe(2);
    expect(headingRank("This agreement runs for five years from the effective date.")).toBe(-1);
    expect(headingRank("Total revenue 1,234 5,678 9,012")).toBe(-1);
    expect(headingRank("Each party")).toBe(-1);
    expect(headingRank("7 shall appoint a product manager to coordinate these meetings.")).toBe(-1);
  });
});

describe("headingRanks", () => {
  it("keeps a capitalised line before prose, and drops table labels and running page headers", () => {
    const d = docOf([
      "Related Work",
      "Earlier studies of offensive language looked at abuse, aggression and bullying online.",
      "Shares",
      "Basic",
      "1,204",
      "ACME CORPORATION",
      "The company sells tools to builders in three countries across the region.",
      "ACME CORPORATION",
      "ACME CORPORATION",
    ]);
    const ranks = headingRanks(d.units);
    const rankOf = (text: string): number => ranks[d.units.findIndex((u) => u.text === text)]!;
    expect(rankOf("Related Work")).toBe(2);
    expect(rankOf("Shares")).toBe(-1);
    expect(rankOf("Basic")).toBe(-1);
    expect(d.units.filter((u, i) => u.text === "ACME CORPORATION" && ranks[i]! >= 0)).toHaveLength(0);
  });
});

describe("sectionPrior", () => {
  const view = [docOf(CONTRACT)];
  const texts = view[0]!.units.map((u) => u.text);
  const at = (prefix: string): number => texts.findIndex((t) => t.startsWith(prefix));

  it("lifts the units of the section whose heading names the question, up to the next heading of its rank", () => {
    const prior = priorFor(view, "When does the renewal happen?");
    expect(prior[at("It renews")]).toBeGreaterThan(0);
    expect(prior[at("It renews")]).toBe(prior[at("11.2 Renewal")]);
    expect(prior[at("This agreement")]).toBe(0);
    expect(prior[at("Each party")]).toBe(0);
  });

  it("a higher heading's lift reaches its subsections", () => {
    const prior = priorFor(view, "What are the termination rights?");
    expect(prior[at("This agreement")]).toBeGreaterThan(0);
    expect(prior[at("It renews")]).toBeGreaterThan(0);
    expect(prior[at("Each party")]).toBe(0);
  });

  it("stays in [0, 1] and is zero for a question that names no heading", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("term", "renewal", "secrets", "years", "party", "lighthouse"), { minLength: 1, maxLength: 5 }), (words) => {
        const prior = priorFor(view, words.join(" "));
        for (const p of prior) expect(p >= 0 && p <= 1 + 1e-6).toBe(true);
      }),
    );
    expect(priorFor(view, "Where is the lighthouse?").every((p) => p === 0)).toBe(true);
  });
});

describe("the walk with the section prior", () => {
  const never: Judge = { id: "never", judge: () => ({ sufficient: false, probability: 0 }) };
  const view = [
    docOf([
      "1 GENERAL.",
      "A party must give written notice to the other party at its stated address.",
      "2 RENEWAL.",
      "A party must give written notice to end the automatic extension.",
    ]),
  ];
  const query = analyzeQuery("What notice must a party give to stop the renewal?");
  const relevance = scoreRelevance(view, query);
  const firstProse = async (section: number): Promise<string> => {
    const trace = await runWalk({ view, query, relevance, judge: never, policy: { budget: 1000, fill: true, section } });
    return trace.steps.map((s) => s.unit.text).find((t) => t.includes("notice"))!;
  };

  it("reads the relevant sentence of the section the question names first", async () => {
    expect(await firstProse(2)).toContain("automatic extension");
    expect(await firstProse(0)).toContain("stated address");
  });
});
