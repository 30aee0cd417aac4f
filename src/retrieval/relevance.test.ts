import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "../core/analyze.js";
import { generatedFixture } from "../testing/store-fixtures.js";
import { bm25, DEFAULT_BM25, weightQuery } from "./bm25.js";
import { analyzeQuery } from "./query.js";
import { bm25ByTerm, PPR_FROM, PPR_LARGE, PPR_LARGE_FROM, PPR_MID, relevanceFor, scoreRelevance } from "./relevance.js";
import { toyDocument } from "../testing/toy-graph.js";
import { buildDocUnits } from "./units.js";
import { questionDataOf, storedOrder } from "./units-codec.js";
import { decodeDocUnits } from "./units-decode.js";

describe("BM25 summed term by term", () => {
  it("equals BM25 of every unit and every leaf computed one by one, built or decoded", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 200, max: 5000 }), fc.integer({ min: 0, max: 30 }), (seed, chars, pick) => {
        const { doc, graph } = generatedFixture(`r${seed}`, seed, chars, { leafChars: 200, fanout: 3, stride: 2 });
        const { nodes, edges } = storedOrder(graph);
        const built = buildDocUnits(doc, nodes, edges);
        const decoded = decodeDocUnits(questionDataOf(doc, graph), doc, nodes);
        // A question of a few of the document's own words, with a repeat and a word it lacks.
        const words = analyze(doc.text);
        const terms = [words[pick % Math.max(1, words.length)] ?? "x", words[(pick * 7) % Math.max(1, words.length)] ?? "y", "absentword"];
        const query = weightQuery([...terms, terms[0]!], built.sentenceStats);
        for (const d of [built, decoded]) {
          const units = bm25ByTerm(d.units.length, d.termUnits, d.unitLength, query, 12, DEFAULT_BM25);
          d.units.forEach((_, i) => expect(units[i]).toBe(Math.fround(bm25(query, d.unitTf[i]!, d.unitLength[i]!, 12, DEFAULT_BM25))));
          const leaves = bm25ByTerm(d.nodes.length, d.termNodes, d.nodeLength, query, 40, DEFAULT_BM25);
          d.nodes.toArray().forEach((node, i) => expect(leaves[i]).toBe(node.level === 0 ? Math.fround(bm25(query, d.nodeTf[i]!, d.nodeLength[i]!, 40, DEFAULT_BM25)) : 0));
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("relevanceFor", () => {
  it("adds personalised PageRank from PPR_FROM tokens on, more from PPR_LARGE_FROM, and nothing below", () => {
    expect(relevanceFor(PPR_FROM - 1)).toEqual({});
    expect(relevanceFor(1000).ppr).toBeUndefined();
    expect(relevanceFor(PPR_FROM).ppr).toBe(PPR_MID);
    expect(relevanceFor(PPR_LARGE_FROM - 1).ppr).toBe(PPR_MID);
    expect(relevanceFor(PPR_LARGE_FROM).ppr).toBe(PPR_LARGE);
    expect(relevanceFor(8000).ppr).toBe(PPR_LARGE);
    expect(PPR_MID).toBeGreaterThan(0);
    expect(PPR_LARGE).toBeGreaterThan(PPR_MID);
  });
});

describe("quoted terms", () => {
  const docs = [toyDocument({ planted: "Each affiliate may use the license it was granted.", block: "The reviewed lawyer letters were highlighted in the annex.", at: 4 })];
  const view = docs.map((d) => buildDocUnits(d, d.nodes, d.edges));
  const question = 'Highlight the parts related to "Affiliate License" that a lawyer reviewed';

  it("multiplies the IDF of the quoted phrase's terms by quotedTerms, and no other term's", () => {
    const plain = scoreRelevance(view, analyzeQuery(question), { quotedTerms: 1 }).sentenceQuery;
    const stressed = scoreRelevance(view, analyzeQuery(question), { quotedTerms: 2 }).sentenceQuery;
    expect(stressed.terms).toEqual(plain.terms);
    const quoted = new Set(analyze("Affiliate License"));
    plain.terms.forEach((t, i) => expect(stressed.idf[i]).toBeCloseTo(plain.idf[i]! * (quoted.has(t) ? 2 : 1)));
  });

  it("ranks the sentence about the quoted subject above one that holds the question's other words", () => {
    const best = (quotedTerms: number) => {
      const rel = scoreRelevance(view, analyzeQuery(question), { quotedTerms });
      return view[0]!.units[rel.top[0]!.unit]!.text;
    };
    expect(best(1)).toContain("lawyer");
    expect(best(3)).toContain("affiliate");
  });

  it("leaves a question that quotes nothing as it was", () => {
    const q = analyzeQuery("Which affiliate license did the lawyer review?");
    expect(scoreRelevance(view, q, { quotedTerms: 3 }).unit[0]).toEqual(scoreRelevance(view, q, { quotedTerms: 1 }).unit[0]);
  });
});
