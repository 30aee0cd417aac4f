import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { toyDocument } from "../testing/toy-graph.js";
import { buildDocUnits } from "./units.js";
import { analyzeQuery } from "./query.js";
import { scoreRelevance } from "./relevance.js";
import { DEFAULT_WALK, neighbourFor, proseCarryFor, runWalk, typedFor, WIDE_FROM, type Judge, type JudgeInput } from "./walk.js";

const PLANTED = "The lighthouse keeper Ada Morrow was paid 412 crowns for the repairs.";
const doc = toyDocument({ planted: PLANTED, at: 7 });
const view = [buildDocUnits(doc, doc.nodes, doc.edges)];

function readsPlanted(input: JudgeInput): boolean {
  return input.read.some((r) => input.view[r.doc]!.units[r.unit]!.text.includes("412 crowns"));
}

/** A judge that says "sufficient" exactly when the planted fact has been read. */
const plantedJudge: Judge = { id: "planted", judge: (input) => ({ sufficient: readsPlanted(input), probability: readsPlanted(input) ? 1 : 0 }) };
const neverJudge: Judge = { id: "never", judge: () => ({ sufficient: false, probability: 0 }) };
const alwaysJudge: Judge = { id: "always", judge: () => ({ sufficient: true, probability: 1 }) };

describe("walk", () => {
  const question = "How much was the lighthouse keeper paid for the repairs?";
  const relevance = scoreRelevance(view, analyzeQuery(question));

  it("stops at the step that reads the planted fact when the judge says so", async () => {
    const trace = await runWalk({ view, query: analyzeQuery(question), relevance, judge: plantedJudge, policy: { budget: 2000 } });
    expect(trace.stop).toBe("sufficient");
    const last = trace.steps[trace.steps.length - 1]!;
    expect(last.unit.text).toContain("412 crowns");
    expect(trace.steps.filter((s) => s.unit.text.includes("412 crowns"))).toHaveLength(1);
  });

  it("with patience 2 goes on until the second sufficient verdict", async () => {
    const one = await runWalk({ view, query: analyzeQuery(question), relevance, judge: alwaysJudge, policy: { budget: 2000, patience: 1, startShare: 0 } });
    const two = await runWalk({ view, query: analyzeQuery(question), relevance, judge: alwaysJudge, policy: { budget: 2000, patience: 2, startShare: 0 } });
    expect(one.steps).toHaveLength(1);
    expect(two.steps).toHaveLength(2);
    expect(two.stop).toBe("sufficient");
  });

  it("asks the judge first after reading more than a bare label, so a heading alone is never the evidence", async () => {
    const headed = toyDocument({ planted: "The lighthouse keeper was paid 412 crowns for the repairs.", block: "Lighthouse repairs", at: 4 });
    const headedView = [buildDocUnits(headed, headed.nodes, headed.edges)];
    const asked = analyzeQuery("lighthouse repairs?");
    const trace = await runWalk({ view: headedView, query: asked, relevance: scoreRelevance(headedView, asked), judge: alwaysJudge, policy: { budget: 2000, patience: 1, startShare: 0 } });
    expect(trace.steps[0]!.unit.text).toBe("Lighthouse repairs");
    expect(trace.steps).toHaveLength(2);
    expect(trace.judgeCalls).toBe(1);
    expect(trace.stop).toBe("sufficient");
  });

  it("records max-steps, budget and exhausted", async () => {
    expect((await runWalk({ view, query: analyzeQuery(question), relevance, judge: neverJudge, policy: { budget: 5000, maxSteps: 3 } })).stop).toBe("max-steps");
    expect((await runWalk({ view, query: analyzeQuery(question), relevance, judge: neverJudge, policy: { budget: 60 } })).stop).toBe("budget");
    const all = await runWalk({ view, query: analyzeQuery(question), relevance, judge: neverJudge, policy: { budget: 1_000_000, maxSteps: 10_000 } });
    expect(all.stop).toBe("exhausted");
    // Everything was read once: IPs quoting a sentence cover it, so no text is paid for twice.
    const spans = all.steps.flatMap((s) => s.unit.spans.map((x) => `${x.start}:${x.end}`));
    expect(new Set(spans).size).toBe(spans.length);
  });

  it("--fill ignores the judge and reads up to the budget", async () => {
    const trace = await runWalk({ view, query: analyzeQuery(question), relevance, judge: alwaysJudge, policy: { budget: 300, fill: true } });
    expect(trace.stop).toBe("budget");
    expect(trace.judgeCalls).toBe(0);
    expect(trace.tokensRead).toBeLessThanOrEqual(300);
    expect(trace.tokensRead).toBeGreaterThan(200);
  });

  it("reads the planted fact first among leaf sentences for a question about it", async () => {
    const trace = await runWalk({ view, query: analyzeQuery(question), relevance, judge: neverJudge, policy: { budget: 2000, maxSteps: 3, startShare: 0 } });
    expect(trace.steps[0]!.unit.text).toBe(PLANTED);
  });

  it("never exceeds the budget or the step cap, and is deterministic", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1500 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom("lighthouse keeper repairs", "beach seabirds volunteers", "harbour channel cost", "zebra"),
        fc.boolean(),
        async (budget, maxSteps, q, fill) => {
          const rel = scoreRelevance(view, analyzeQuery(q));
          const a = await runWalk({ view, query: analyzeQuery(q), relevance: rel, judge: neverJudge, policy: { budget, maxSteps, fill } });
          const b = await runWalk({ view, query: analyzeQuery(q), relevance: rel, judge: neverJudge, policy: { budget, maxSteps, fill } });
          expect(a.tokensRead).toBeLessThanOrEqual(budget);
          expect(a.steps.reduce((n, s) => n + s.tokens, 0)).toBe(a.tokensRead);
          expect(a.steps.length).toBeLessThanOrEqual(maxSteps);
          expect(b.steps.map((s) => s.unit.spans)).toEqual(a.steps.map((s) => s.unit.spans));
          expect(b.stop).toBe(a.stop);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("reads on along a run of lines (a table) whose cells share no term with the question, when carry is on", async () => {
    const table = ["Lighthouse repairs by quarter", "First quarter", "412 crowns", "Second quarter", "380 crowns", "Third quarter", "297 crowns"];
    const withTable = toyDocument({ planted: "Lighthouse repairs were paid from the harbour fund.", block: table.join("\n"), at: 2 });
    const tableView = [buildDocUnits(withTable, withTable.nodes, withTable.edges)];
    const q = "What did the lighthouse repairs cost?";
    const rel = scoreRelevance(tableView, analyzeQuery(q));
    const order = async (carry: number): Promise<string[]> =>
      (await runWalk({ view: tableView, query: analyzeQuery(q), relevance: rel, judge: neverJudge, policy: { budget: 2000, maxSteps: table.length, carry } })).steps.map((s) => s.unit.text);
    expect(await order(1000)).toEqual(table);
    const without = await order(0);
    expect(without.slice(0, 2)).toEqual(table.slice(0, 2));
    expect(without).not.toEqual(table);
  });

  it("bridges through a name read in relevant prose to a sentence that shares no term with the question", async () => {
    const hop = toyDocument({
      planted: "The lighthouse keeper was paid by Zorland.",
      block: "Ada Morrow was the founder of Zorland.",
      at: 4,
    });
    const hopView = [buildDocUnits(hop, hop.nodes, hop.edges)];
    const q = "Who headed the organisation that paid the lighthouse keeper?";
    const rel = scoreRelevance(hopView, analyzeQuery(q));
    const rank = async (bridge: number): Promise<number> =>
      (await runWalk({ view: hopView, query: analyzeQuery(q), relevance: rel, judge: neverJudge, policy: { budget: 100_000, maxSteps: 10_000, bridge } })).steps.findIndex((s) =>
        s.unit.text.startsWith("Ada Morrow"),
      );
    const without = await rank(0);
    const withBridge = await rank(0.5);
    expect(withBridge).toBeGreaterThanOrEqual(0);
    expect(withBridge).toBeLessThan(without);
  });

  it("for a question that nests a clause, bridges harder and reads on through the bridged sentence's paragraph", async () => {
    const hop = toyDocument({
      planted: "The lighthouse keeper was paid by Zorland.",
      block: "Ada Morrow was the founder of Zorland. She ran it for thirty years from a small office.",
      at: 4,
    });
    const hopView = [buildDocUnits(hop, hop.nodes, hop.edges)];
    const q = "Who headed the organisation that paid the lighthouse keeper?";
    const rel = scoreRelevance(hopView, analyzeQuery(q));
    const order = async (nested: number): Promise<string[]> =>
      (await runWalk({ view: hopView, query: analyzeQuery(q), relevance: rel, judge: neverJudge, policy: { budget: 100_000, maxSteps: 10_000, nested } })).steps.map((s) => s.unit.text);
    const at = (texts: string[], start: string) => texts.findIndex((t) => t.startsWith(start));
    const plain = await order(1);
    const nested = await order(DEFAULT_WALK.nested);
    expect(DEFAULT_WALK.nested).toBeGreaterThan(1);
    expect(at(nested, "Ada Morrow")).toBeLessThanOrEqual(at(plain, "Ada Morrow"));
    // The bridged sentence's neighbours (its paragraph's next sentence, the previous paragraph's last) come next.
    expect(at(nested, "She ran it") - at(nested, "Ada Morrow")).toBeLessThanOrEqual(2);
    expect(at(plain, "She ran it") - at(plain, "Ada Morrow")).toBeGreaterThan(2);
    // A question that nests nothing walks the same whatever the factor.
    const flat = "How much was the lighthouse keeper paid?";
    const flatRel = scoreRelevance(hopView, analyzeQuery(flat));
    const texts = async (nested: number) =>
      (await runWalk({ view: hopView, query: analyzeQuery(flat), relevance: flatRel, judge: neverJudge, policy: { budget: 3000, nested } })).steps.map((s) => s.unit.text);
    expect(await texts(DEFAULT_WALK.nested)).toEqual(await texts(1));
  });

  it("refuses negative weights, which would break its best-first selection", async () => {
    await expect(runWalk({ view, query: analyzeQuery(question), relevance, judge: neverJudge, policy: { neighbour: -0.1 } })).rejects.toMatchObject({ code: "E_BAD_FLAG" });
    await expect(runWalk({ view, query: analyzeQuery(question), relevance, judge: neverJudge, policy: { push: Number.NaN } })).rejects.toMatchObject({ code: "E_BAD_FLAG" });
  });

  it("does not mutate its inputs", async () => {
    const before = JSON.stringify([...relevance.unit[0]!]);
    await runWalk({ view, query: analyzeQuery(question), relevance, judge: neverJudge, policy: { budget: 500 } });
    expect(JSON.stringify([...relevance.unit[0]!])).toBe(before);
  });
});

describe("the neighbour weight under a larger cap", () => {
  it("is the policy's own up to WIDE_FROM tokens, `wide` times it from twice that, and grows in between", () => {
    const at = (budget: number, neighbour = DEFAULT_WALK.neighbour, wide = DEFAULT_WALK.wide) => neighbourFor({ budget, neighbour, wide });
    expect(at(500)).toBe(DEFAULT_WALK.neighbour);
    expect(at(WIDE_FROM)).toBe(DEFAULT_WALK.neighbour);
    expect(at(2 * WIDE_FROM)).toBeCloseTo(DEFAULT_WALK.neighbour * DEFAULT_WALK.wide);
    expect(at(8 * WIDE_FROM)).toBeCloseTo(DEFAULT_WALK.neighbour * DEFAULT_WALK.wide);
    expect(at(1500)).toBeGreaterThan(at(1000));
    expect(at(1500)).toBeLessThan(at(2000));
    expect(at(8000, 0)).toBe(0);
    expect(at(8000, 0.6, 1)).toBe(0.6);
  });
});

describe("the prose carry under a larger cap", () => {
  it("is off below proseCarryFrom tokens and the policy's half-life from there", () => {
    const at = (budget: number) => proseCarryFor({ ...DEFAULT_WALK, budget });
    expect(at(DEFAULT_WALK.proseCarryFrom - 1)).toBe(0);
    expect(at(500)).toBe(0);
    expect(at(DEFAULT_WALK.proseCarryFrom)).toBe(DEFAULT_WALK.proseCarry);
    expect(at(8000)).toBe(DEFAULT_WALK.proseCarry);
    expect(DEFAULT_WALK.proseCarry).toBeGreaterThan(0);
  });
});

describe("the answer-type prior", () => {
  it("is the policy's weight under typedUntil tokens and off from there", () => {
    const at = (budget: number) => typedFor({ ...DEFAULT_WALK, budget });
    expect(DEFAULT_WALK.typed).toBeGreaterThan(0);
    expect(at(500)).toBe(DEFAULT_WALK.typed);
    expect(at(DEFAULT_WALK.typedUntil - 1)).toBe(DEFAULT_WALK.typed);
    expect(at(DEFAULT_WALK.typedUntil)).toBe(0);
  });

  const typedDoc = toyDocument({ planted: "The lighthouse keeper repaired the lamp in the spring of 1887.", block: "The lighthouse keeper repaired the lamp and the lighthouse stair.", at: 4 });
  const typedView = [buildDocUnits(typedDoc, typedDoc.nodes, typedDoc.edges)];
  const firstRead = async (question: string, policy: Partial<typeof DEFAULT_WALK>): Promise<string> => {
    const query = analyzeQuery(question);
    const trace = await runWalk({ view: typedView, query, relevance: scoreRelevance(typedView, query), judge: neverJudge, policy: { budget: 500, fill: true, neighbour: 0, section: 0, bridge: 0, ...policy } });
    return trace.steps[0]!.unit.text;
  };

  it("reads a sentence holding the asked-for date first, but not for a question that nests a clause", async () => {
    expect(await firstRead("When did the lighthouse keeper repair the lighthouse lamp?", { typed: 0 })).not.toContain("1887");
    expect(await firstRead("When did the lighthouse keeper repair the lighthouse lamp?", {})).toContain("1887");
    const nested = "When did the keeper who repaired the lighthouse lamp repair the lighthouse?";
    expect(await firstRead(nested, {})).toBe(await firstRead(nested, { typed: 0 }));
    expect(await firstRead(nested, { typedNested: true })).toContain("1887");
  });
});
