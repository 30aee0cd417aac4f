import { describe, expect, it } from "vitest";
import { toyDocument } from "../testing/toy-graph.js";
import { buildDocUnits } from "../retrieval/units.js";
import { analyzeQuery } from "../retrieval/query.js";
import { scoreRelevance } from "../retrieval/relevance.js";
import { runWalk, type JudgeInput } from "../retrieval/walk.js";
import { answerTypeOf, FEATURE_NAMES, featureMemo, judgeFeatures, viewPerCap } from "./features.js";
import { createCalibratedJudge, giveUpThresholdFor, logistic, shareFor, thresholdFor, type JudgeWeights } from "./calibrated-judge.js";
import { JUDGE_WEIGHTS } from "./judge-weights.js";

const doc = toyDocument({ planted: "The keeper Ada Morrow was paid 412 crowns in 1874.", at: 6 });
const view = [buildDocUnits(doc, doc.nodes, doc.edges)];
const question = "How much was the keeper Ada Morrow paid?";
const relevance = scoreRelevance(view, analyzeQuery(question));

function inputAfter(readTexts: (text: string) => boolean): JudgeInput {
  const read = view[0]!.units.flatMap((u, unit) => (readTexts(u.text) ? [{ doc: 0, unit }] : []));
  return { query: analyzeQuery(question), view, relevance, read, tokensRead: read.length * 20, budget: 1000, bestUnreadScore: 0.1 };
}

describe("judge features", () => {
  it("give the same values through a shared memo as fresh, as reads grow and the question or its relevance change", () => {
    const memo = featureMemo();
    const query = analyzeQuery(question);
    const other = scoreRelevance(view, analyzeQuery("Where is the beach?"));
    const units = view[0]!.units.map((_, unit) => ({ doc: 0, unit }));
    // Read in order of relevance, so the best unread unit is read again and again.
    const order = [...units].sort((a, b) => relevance.unit[0]![b.unit]! - relevance.unit[0]![a.unit]!);
    for (let n = 0; n <= Math.min(order.length, 12); n++) {
      for (const rel of [relevance, other]) {
        const input: JudgeInput = { query, view, relevance: rel, read: order.slice(0, n), tokensRead: n * 20, budget: 1000, bestUnreadScore: 0.1 };
        expect(judgeFeatures(input, memo)).toEqual(judgeFeatures(input));
      }
    }
  });

  it("measure the share of the cap spent, up to 1, so the same read set under a tighter cap is nearer settled", () => {
    const at = FEATURE_NAMES.indexOf("capShare");
    const base = inputAfter((t) => t.includes("412 crowns"));
    expect(judgeFeatures({ ...base, tokensRead: 250, budget: 1000 })[at]).toBeCloseTo(0.25);
    expect(judgeFeatures({ ...base, tokensRead: 250, budget: 500 })[at]).toBeCloseTo(0.5);
    expect(judgeFeatures({ ...base, tokensRead: 900, budget: 500 })[at]).toBe(1);
    const judge = createCalibratedJudge({ threshold: 1 });
    const loose = judge.judge({ ...base, tokensRead: 250, budget: 8000 }) as { probability: number };
    const tight = judge.judge({ ...base, tokensRead: 250, budget: 500 }) as { probability: number };
    expect(tight.probability).toBeGreaterThan(loose.probability);
  });

  it("see what the whole view holds of the question, whatever was read, and how long the view is against the cap", () => {
    const at = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);
    const none = judgeFeatures(inputAfter(() => false));
    const planted = judgeFeatures(inputAfter((t) => t.includes("412 crowns")));
    // All the question's terms but "much" are somewhere in the toy document, read or not.
    const idf = relevance.sentenceQuery.idf;
    const much = relevance.sentenceQuery.terms.indexOf("much");
    expect(none[at("viewCoverage")]).toBeCloseTo(1 - idf[much]! / idf.reduce((a, b) => a + b, 0));
    expect(planted[at("viewCoverage")]).toBe(none[at("viewCoverage")]);
    expect(none[at("viewSpecific")]).toBe(1);
    // A question about a name the document lacks: its terms are only partly there.
    const query = analyzeQuery("How much was the keeper Zebulon Quartermaine paid?");
    const missing = judgeFeatures({ ...inputAfter(() => false), query, relevance: scoreRelevance(view, query) });
    expect(missing[at("viewCoverage")]).toBeLessThan(none[at("viewCoverage")]!);
    expect(missing[at("viewSpecific")]).toBe(0);
    // The view's length per cap token, on a log scale: a tighter cap sees a longer view.
    const loose = judgeFeatures({ ...inputAfter(() => false), budget: 8000 })[at("viewPerCap")]!;
    const tight = judgeFeatures({ ...inputAfter(() => false), budget: 500 })[at("viewPerCap")]!;
    expect(tight - loose).toBeCloseTo(Math.log(16) / 5);
    expect(viewPerCap(1000, 1000)).toBe(0);
    expect(viewPerCap(1000 * Math.exp(5), 1000)).toBeCloseTo(1);
    expect(none[at("rareHolders")]).toBeGreaterThan(0);
  });

  it("see whether the last steps still found question terms, and how much was read since one did", () => {
    const at = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);
    const units = view[0]!.units.map((_, unit) => ({ doc: 0, unit }));
    const planted = units.find((r) => view[0]!.units[r.unit]!.text.includes("412 crowns"))!;
    const off = units.filter((r) => !/keeper|Ada|Morrow|paid/i.test(view[0]!.units[r.unit]!.text));
    const query = analyzeQuery(question);
    const input = (read: typeof units): JudgeInput => ({ query, view, relevance, read, tokensRead: 100, budget: 1000, bestUnreadScore: 0.1 });
    // The planted sentence read last: the last steps found terms, nothing read since.
    const fresh = judgeFeatures(input([...off.slice(0, 4), planted]));
    // Read first, then four units without the question's terms.
    const stale = judgeFeatures(input([planted, ...off.slice(0, 4)]));
    expect(fresh[at("recentGain")]!).toBeGreaterThan(0);
    expect(stale[at("recentGain")]).toBe(0);
    expect(fresh[at("staleTokens")]).toBe(0);
    expect(stale[at("staleTokens")]!).toBeGreaterThan(0);
    expect(stale[at("coverage")]).toBeCloseTo(fresh[at("coverage")]!);
    expect(fresh[at("specificCoverage")]).toBe(1);
    expect(judgeFeatures(input(off.slice(0, 4)))[at("specificCoverage")]).toBe(0);
    expect(fresh[at("massRead")]!).toBeGreaterThan(judgeFeatures(input(off.slice(0, 4)))[at("massRead")]!);
  });

  it("names the asked-for answer type", () => {
    expect(answerTypeOf("When was the bridge finished?")).toBe("date");
    expect(answerTypeOf("How many pears were picked?")).toBe("number");
    expect(answerTypeOf("Who approved the budget?")).toBe("name");
    expect(answerTypeOf("Why did the committee meet?")).toBe("none");
  });

  it("rise when the answer has been read", () => {
    const before = judgeFeatures(inputAfter((t) => t.includes("beach")));
    const after = judgeFeatures(inputAfter((t) => t.includes("412 crowns")));
    expect(before).toHaveLength(FEATURE_NAMES.length);
    const at = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);
    expect(after[at("maxRead")]!).toBeGreaterThan(before[at("maxRead")]!);
    expect(after[at("coverage")]!).toBeGreaterThan(before[at("coverage")]!);
    expect(after[at("topRead")]).toBe(1);
    expect(before[at("topRead")]).toBe(0);
    expect(after[at("answerType")]).toBe(1);
    expect(after[at("unreadRatio")]!).toBeLessThan(before[at("unreadRatio")]!);
  });
});

describe("calibrated judge", () => {
  it("uses the fitted weights, whose features match the feature list", () => {
    expect(JUDGE_WEIGHTS.features).toEqual([...FEATURE_NAMES]);
    expect(JUDGE_WEIGHTS.weights).toHaveLength(FEATURE_NAMES.length);
  });

  it("is a logistic model with a threshold", () => {
    const weights: JudgeWeights = { version: 9, features: [...FEATURE_NAMES], weights: FEATURE_NAMES.map(() => 0), bias: 0, threshold: 0.5 };
    expect(logistic(weights, FEATURE_NAMES.map(() => 1))).toBeCloseTo(0.5);
    expect(logistic({ ...weights, bias: 2 }, [])).toBeCloseTo(1 / (1 + Math.exp(-2)));
    expect(createCalibratedJudge({ weights: { ...weights, bias: 5 } }).judge(inputAfter(() => false))).toMatchObject({ sufficient: true });
    expect(createCalibratedJudge({ weights: { ...weights, bias: -5 } }).judge(inputAfter(() => false))).toMatchObject({ sufficient: false });
  });

  it("uses the threshold of the walk's token cap", () => {
    const weights: JudgeWeights = {
      version: 9,
      features: [...FEATURE_NAMES],
      weights: FEATURE_NAMES.map(() => 0),
      bias: 0,
      threshold: 0.7,
      thresholds: [
        { budget: 500, threshold: 0.4 },
        { budget: 2000, threshold: 0.6 },
      ],
    };
    expect(thresholdFor(weights, 100)).toBe(0.4);
    expect(thresholdFor(weights, 1999)).toBe(0.4);
    expect(thresholdFor(weights, 2000)).toBe(0.6);
    expect(thresholdFor(weights, 9000)).toBe(0.6);
    expect(thresholdFor({ ...weights, thresholds: [] }, 9000)).toBe(0.7);
    // p = 0.5 sits between the two thresholds: sufficient under a small cap, not under a large one.
    const judge = createCalibratedJudge({ weights });
    expect(judge.judge({ ...inputAfter(() => false), budget: 500 })).toMatchObject({ sufficient: true });
    expect(judge.judge({ ...inputAfter(() => false), budget: 4000 })).toMatchObject({ sufficient: false });
  });

  it("adds its trees' leaves to the log-odds", () => {
    const capShare = FEATURE_NAMES.indexOf("capShare");
    const weights: JudgeWeights = {
      version: 9,
      features: [...FEATURE_NAMES],
      weights: FEATURE_NAMES.map(() => 0),
      bias: 0,
      threshold: 0.5,
      trees: [
        { feature: capShare, threshold: 0.5, below: -1, above: { feature: capShare, threshold: 0.8, below: 0.5, above: 2 } },
        { feature: capShare, threshold: 0.9, below: 0, above: 1 },
      ],
    };
    const x = (share: number) => FEATURE_NAMES.map((_, i) => (i === capShare ? share : 0));
    expect(logistic(weights, x(0.2))).toBeCloseTo(1 / (1 + Math.exp(1)));
    expect(logistic(weights, x(0.5))).toBeCloseTo(1 / (1 + Math.exp(1)));
    expect(logistic(weights, x(0.6))).toBeCloseTo(1 / (1 + Math.exp(-0.5)));
    expect(logistic(weights, x(0.95))).toBeCloseTo(1 / (1 + Math.exp(-3)));
  });

  it("says sufficient once its cap's share is read, whatever its probability, unless given a threshold", () => {
    const weights: JudgeWeights = {
      version: 9,
      features: [...FEATURE_NAMES],
      weights: FEATURE_NAMES.map(() => 0),
      bias: -5,
      threshold: 0.9,
      thresholds: [
        { budget: 500, threshold: 0.9, share: 0.5 },
        { budget: 2000, threshold: 0.9 },
      ],
    };
    expect(shareFor(weights, 1000)).toBe(0.5);
    expect(shareFor(weights, 4000)).toBe(1);
    expect(shareFor({ ...weights, thresholds: undefined }, 1000)).toBe(1);
    const judge = createCalibratedJudge({ weights });
    const base = inputAfter(() => false);
    expect(judge.judge({ ...base, tokensRead: 400, budget: 1000 })).toMatchObject({ sufficient: false });
    expect(judge.judge({ ...base, tokensRead: 500, budget: 1000 })).toMatchObject({ sufficient: true });
    expect(judge.judge({ ...base, tokensRead: 1500, budget: 4000 })).toMatchObject({ sufficient: false });
    expect(createCalibratedJudge({ weights, threshold: 0.9 }).judge({ ...base, tokensRead: 500, budget: 1000 })).toMatchObject({ sufficient: false });
  });

  it("gives up once its second model says the cap will reach no evidence, unless given a threshold", () => {
    const capShare = FEATURE_NAMES.indexOf("capShare");
    const weights: JudgeWeights = {
      version: 9,
      features: [...FEATURE_NAMES],
      weights: FEATURE_NAMES.map(() => 0),
      bias: -5,
      threshold: 0.9,
      thresholds: [{ budget: 500, threshold: 0.9 }],
      // P(no evidence) = 0.5 at the start, rising with the share of the cap read.
      giveUp: { weights: FEATURE_NAMES.map((_, i) => (i === capShare ? 4 : 0)), bias: 0, thresholds: [{ budget: 500, threshold: 0.8 }, { budget: 2000, threshold: 1.0001 }] },
    };
    expect(giveUpThresholdFor(weights, 1000)).toBe(0.8);
    expect(giveUpThresholdFor(weights, 4000)).toBe(1.0001);
    expect(giveUpThresholdFor({ ...weights, giveUp: undefined }, 1000)).toBe(2);
    const judge = createCalibratedJudge({ weights });
    const base = inputAfter(() => false);
    // 1 / (1 + e^-(4 x 0.2)) = 0.69 < 0.8; at 0.4 of the cap, 0.83.
    expect(judge.judge({ ...base, tokensRead: 200, budget: 1000 })).toMatchObject({ sufficient: false });
    expect(judge.judge({ ...base, tokensRead: 400, budget: 1000 })).toMatchObject({ sufficient: true });
    // Its probability stays the settled model's.
    expect((judge.judge({ ...base, tokensRead: 400, budget: 1000 }) as { probability: number }).probability).toBeCloseTo(1 / (1 + Math.exp(5)));
    // Above 1: this cap never gives up; a caller's threshold is the whole rule.
    expect(judge.judge({ ...base, tokensRead: 3900, budget: 4000 })).toMatchObject({ sufficient: false });
    expect(createCalibratedJudge({ weights, threshold: 0.9 }).judge({ ...base, tokensRead: 400, budget: 1000 })).toMatchObject({ sufficient: false });
  });

  it("refuses weights fitted for other features", () => {
    expect(() => createCalibratedJudge({ weights: { ...JUDGE_WEIGHTS, features: ["x"] } })).toThrow();
  });

  it("is more confident once the planted answer is read, and the walk records its probability", async () => {
    const judge = createCalibratedJudge();
    // The logistic part: the fitted trees may rank a read that covers nothing at all as settled
    // too, since a walk whose evidence its cap cannot reach is labelled settled from its first
    // step (at 159c4b9 the trees put this toy's two reads at 0.45 and 0.47).
    const base = createCalibratedJudge({ weights: { ...JUDGE_WEIGHTS, trees: undefined } });
    const p = (input: JudgeInput) => (base.judge(input) as { probability: number }).probability;
    // The same number of units and tokens read, with and without the planted answer.
    const off = view[0]!.units.flatMap((u, unit) => (/keeper|Ada|Morrow|paid/i.test(u.text) ? [] : [{ doc: 0, unit }]));
    const planted = view[0]!.units.findIndex((u) => u.text.includes("412 crowns"));
    const after = (read: JudgeInput["read"]): JudgeInput => ({ ...inputAfter(() => false), read, tokensRead: 100 });
    expect(p(after([{ doc: 0, unit: planted }, ...off.slice(0, 4)]))).toBeGreaterThan(p(after(off.slice(0, 5))));
    const trace = await runWalk({ view, query: analyzeQuery(question), relevance, judge: judge, policy: { budget: 400 } });
    const judged = trace.steps.filter((s) => s.probability !== undefined);
    expect(judged).toHaveLength(trace.judgeCalls);
    expect(judged.every((s) => s.probability! >= 0 && s.probability! <= 1)).toBe(true);
  });
});
