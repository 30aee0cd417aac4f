import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { toyDocument } from "../testing/toy-graph.js";
import { buildDocUnits } from "./units.js";
import { analyzeQuery, quotedPhrases } from "./query.js";
import { scoreRelevance } from "./relevance.js";
import { lineShare, WalkState } from "./walk-state.js";

const table = ["Repairs by quarter", "First quarter", "412 crowns", "Second quarter", "380 crowns"].join("\n");
const docs = [
  toyDocument({ planted: 'The lighthouse keeper Ada Morrow was paid 412 crowns for the "repairs".', at: 7 }),
  toyDocument({ planted: "Harbour repairs were paid from the lighthouse fund.", block: table, at: 3 }),
];
const view = docs.map((d) => buildDocUnits(d, d.nodes, d.edges));

/** The oracle: scan every unit, keep the highest score among unread units that fit, lowest index on ties. */
function argmax(state: WalkState, room: number): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < state.total; g++) {
    if (state.isRead(g) || state.tokens[g]! > room) continue;
    const s = state.score(g);
    if (s > bestScore) {
      best = g;
      bestScore = s;
    }
  }
  return best;
}

describe("WalkState", () => {
  it("its lazy heap picks what a plain argmax over unread units that fit picks, step after step", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("lighthouse keeper repairs", "harbour fund quarter crowns", "beach seabirds", "zebra"),
        fc.integer({ min: 1, max: 2500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        fc.constantFrom(0, 100, 1000),
        fc.constantFrom(0, 0.5, 2),
        fc.array(fc.nat(400), { maxLength: 12 }),
        fc.boolean(),
        fc.constantFrom(0, 100),
        fc.constantFrom(0, 0.25),
        fc.constantFrom(0, 0.1),
        fc.constantFrom(0, 0.25),
        fc.constantFrom(0, 1),
        fc.constantFrom(0, 10000),
        fc.constantFrom(0, 1),
        fc.boolean(),
        fc.constantFrom("repairs", "lighthouse keeper", "zebra"),
        (question, budget, push, neighbour, carry, bridge, forced, bridgeCarry, proseCarry, leafLend, sectionWhole, ppr, typed, carryTables, quoted, quotedWhole, phrase) => {
          const query = analyzeQuery(question);
          const relevance = scoreRelevance(view, query, { ppr });
          const weights = { lambda: 1, push, neighbour, carry, bridge, bridgeTerms: 8, bridgeNames: bridge > 1, bridgeFrom: bridge > 1 ? 0.5 : 0, section: sectionWhole > 0 ? 2 : 0, bridgeCarry, proseCarry, leafLend, sectionWhole, typed, ...(carryTables > 0 ? { carryTables, proseCarryLines: 0.2 } : {}), quoted, quotedWhole };
          const state = new WalkState(view, relevance, weights, typed > 0 ? "name" : query.answerType, quotedPhrases(`"${phrase}"`));
          // Interleave reads the heap chose with reads forced from outside (as start nodes are).
          for (let step = 0; step < 60; step++) {
            const room = budget - state.tokensRead;
            const f = forced[step];
            if (f !== undefined && f < state.total && !state.isRead(f) && state.tokens[f]! <= room) {
              state.take(f, state.score(f));
              continue;
            }
            const picked = state.bestUnread(room);
            const expected = argmax(state, room);
            expect(picked.g).toBe(expected);
            if (picked.g < 0) break;
            expect(picked.s).toBe(state.score(picked.g));
            state.take(picked.g, picked.s);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("the answer-type prior", () => {
  const typedDocs = [
    toyDocument({ planted: "The lighthouse keeper repaired the lamp in the spring of 1887.", block: "The lighthouse keeper repaired the lamp and the lighthouse stair.", at: 4 }),
  ];
  const typedView = typedDocs.map((d) => buildDocUnits(d, d.nodes, d.edges));
  const firstRead = (question: string, typed: number): string => {
    const query = analyzeQuery(question);
    const state = new WalkState(typedView, scoreRelevance(typedView, query), { lambda: 1, push: 0, neighbour: 0, carry: 0, bridge: 0, bridgeTerms: 8, bridgeNames: true, bridgeFrom: 0.5, section: 0, typed }, query.answerType);
    const next = state.bestUnread(1e9);
    return state.take(next.g, next.s).unit.text;
  };

  it("reads first, of two sentences that match the question, the one that holds the asked-for type", () => {
    const question = "When did the lighthouse keeper repair the lighthouse lamp?";
    expect(firstRead(question, 0)).not.toContain("1887");
    expect(firstRead(question, 1)).toContain("1887");
  });

  it("leaves a question that asks for no type as it was", () => {
    const question = "Did the lighthouse keeper repair the lighthouse lamp?";
    expect(firstRead(question, 1)).toBe(firstRead(question, 0));
  });
});

describe("the quoted-phrase prior", () => {
  const quotedDocs = [
    toyDocument({ planted: 'Ada Morrow and the Harbour Board are each a "Party" and together the "Parties".', block: "The parties to the lighthouse lease agree that the lighthouse parties meet yearly.", at: 5 }),
  ];
  const quotedView = quotedDocs.map((d) => buildDocUnits(d, d.nodes, d.edges));
  const firstRead = (question: string, weights: { quoted?: number; quotedWhole?: boolean }): string => {
    const query = analyzeQuery(question);
    const state = new WalkState(quotedView, scoreRelevance(quotedView, query), { lambda: 1, push: 0, neighbour: 0, carry: 0, bridge: 0, bridgeTerms: 8, bridgeNames: true, bridgeFrom: 0.5, section: 0, ...weights }, query.answerType, query.quoted);
    const next = state.bestUnread(1e9);
    return state.take(next.g, next.s).unit.text;
  };

  it("reads first the sentence that quotes the phrase the question quotes", () => {
    const question = 'Which parts of the lease are related to "Parties"? The parties who signed the lighthouse lease';
    expect(firstRead(question, {})).not.toContain('"Parties"');
    expect(firstRead(question, { quoted: 1, quotedWhole: true })).toContain('"Parties"');
  });

  it("leaves a question that quotes nothing as it was", () => {
    const question = "Which parts of the lease name the parties who signed the lighthouse lease?";
    expect(firstRead(question, { quoted: 1, quotedWhole: true })).toBe(firstRead(question, {}));
  });
});

describe("lineShare", () => {
  it("counts the sentence units without closing punctuation among a document's sentence units", () => {
    const prose = buildDocUnits(docs[0]!, docs[0]!.nodes, docs[0]!.edges);
    const withTable = view[1]!;
    const share = (d: typeof prose) => {
      const sentences = d.units.filter((u) => u.level === 0);
      return sentences.filter((u) => !/[.!?;]["'’”)\]]*\s*$/.test(u.text)).length / sentences.length;
    };
    expect(lineShare(withTable)).toBeCloseTo(share(withTable));
    expect(lineShare(withTable)).toBeGreaterThan(lineShare(prose));
    expect(lineShare(prose)).toBeGreaterThanOrEqual(0);
    expect(lineShare(withTable)).toBeLessThanOrEqual(1);
  });

  it("turns the prose carry off in documents below the share, so their walk reads as without it", () => {
    const relevance = scoreRelevance(view, analyzeQuery("lighthouse keeper repairs"));
    const order = (weights: Partial<{ proseCarry: number; proseCarryLines: number; carryTables: number }>) => {
      const state = new WalkState(view, relevance, { lambda: 1, push: 0, neighbour: 1, carry: 1000, bridge: 0, bridgeTerms: 8, bridgeNames: true, bridgeFrom: 0.5, section: 0, ...weights });
      const read: number[] = [];
      for (let step = 0; step < 40; step++) {
        const next = state.bestUnread(1e9);
        if (next.g < 0) break;
        state.take(next.g, next.s);
        read.push(next.g);
      }
      return read;
    };
    expect(order({ proseCarry: 100, proseCarryLines: 1.01 })).toEqual(order({}));
    // On in every document, the carry does change this walk (so the test above can fail).
    expect(order({ proseCarry: 100, proseCarryLines: 0 })).not.toEqual(order({}));
  });

  it("carries lines by carryTables in documents at or above the share, by carry below it", () => {
    const relevance = scoreRelevance(view, analyzeQuery("harbour fund quarter crowns"));
    const order = (weights: Partial<{ proseCarryLines: number; carryTables: number; carry: number }>) => {
      const state = new WalkState(view, relevance, { lambda: 1, push: 0, neighbour: 1, carry: 10, bridge: 0, bridgeTerms: 8, bridgeNames: true, bridgeFrom: 0.5, section: 0, ...weights });
      const read: number[] = [];
      for (let step = 0; step < 40; step++) {
        const next = state.bestUnread(1e9);
        if (next.g < 0) break;
        state.take(next.g, next.s);
        read.push(next.g);
      }
      return read;
    };
    expect(order({ carryTables: 1e9, proseCarryLines: 1.01 })).toEqual(order({}));
    expect(order({ carryTables: 1e9, proseCarryLines: 0 })).toEqual(order({ carry: 1e9 }));
  });
});
