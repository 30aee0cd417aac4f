/**
 * Fits the candidate ranker (src/answer/rank.ts) on captured walks:
 *
 *   npm run build && node dist/scripts/answer-diagnose.js --save /tmp/walks.jsonl
 *   node dist/scripts/fit-rank.js --walks /tmp/walks.jsonl [--write]
 *
 * Every captured own-document walk (answer-diagnose's --save: question, read units, the
 * question terms' IDF, gold) is replayed through `extractAnswer` with the hand-set ordering;
 * each candidate span gets the ranker's features and a label (1: the span covers a gold answer,
 * as answer-diagnose counts it). A logistic model (L2, Newton's method) is fitted, each
 * question with a positive candidate weighing the same (its positives and its negatives half
 * each). Document-grouped 5-fold cross-validation gives the out-of-fold answer hits: each held-out
 * question is answered by `extractAnswer` with the model fitted without its document. `--write`
 * writes the model fitted on all walks to src/answer/rank-weights.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";
import { extractAnswer, type ExtractOptions } from "../src/answer/extract.js";
import { RANK_FEATURES, rankVector, type RankModel } from "../src/answer/rank.js";
import type { ReaderItem } from "../src/answer/reader.js";
import { answerRecall, f1Score, normalizeAnswer } from "../src/eval/metrics.js";
import { fitLogistic, type LogisticModel, type Sample } from "./logistic.js";

const { values } = parseArgs({
  options: {
    walks: { type: "string", default: "/tmp/walks.jsonl" },
    folds: { type: "string", default: "5" },
    l2: { type: "string", default: "0.01" },
    /** "span": the candidate covers a gold answer; "sentence": its sentence holds one; "outcome": the answer from its sentence names one. */
    label: { type: "string", default: "span" },
    /** "point": pointwise logistic; "pair": logistic on differences of a positive and a negative of one question. */
    loss: { type: "string", default: "point" },
    /** Extract options (JSON) for the replay, on top of the defaults. */
    options: { type: "string", default: "{}" },
    /** Features to leave out (comma-separated). */
    drop: { type: "string", default: "" },
    write: { type: "boolean", default: false },
  },
});

interface Walk {
  readonly set: string;
  readonly id: string;
  readonly question: string;
  readonly items: ReaderItem[];
  readonly idf: Record<string, number>;
  readonly gold: string[];
}

const walks: Walk[] = readFileSync(values.walks, "utf8")
  .split("\n")
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l) as Walk);
const folds = Number(values.folds);
const extra = JSON.parse(values.options) as Partial<ExtractOptions>;
const dropped = new Set(values.drop.split(",").filter(Boolean));
const docOf = (w: Walk): string => w.items[0]?.unit.docId ?? w.id;
const foldOf = (w: Walk): number => createHash("sha256").update(docOf(w)).digest()[0]! % folds;
const idfOf = (w: Walk) => (t: string) => w.idf[t] ?? 0;

/** The span covers a gold answer (as answer-diagnose counts a candidate that covers it). */
function covers(gold: readonly string[], text: string): boolean {
  const n = normalizeAnswer(text);
  return gold.some((g) => n.includes(normalizeAnswer(g)) && n.length <= normalizeAnswer(g).length * 2 + 6);
}

const masked = (x: number[]): number[] => x.map((v, i) => (dropped.has(RANK_FEATURES[i]!) ? 0 : v));
interface Question {
  readonly walk: Walk;
  readonly xs: number[][];
  readonly ys: number[];
}
const questions: Question[] = walks.map((walk) => {
  const x = extractAnswer(walk.question, walk.items, { ...extra, rank: 0, rankFeatures: 1 }, idfOf(walk));
  // rankFeatures: 1 gives every alternative its features.
  const xs = x.alternatives.map((a) => masked(rankVector(a.rank!)));
  // "outcome": the answer the reader gives when it picks this candidate's sentence (its best span by the hand-set
  // score, or the sentence when a rival of the sentence scores close) names a gold answer.
  const outcome = new Map<unknown, boolean>();
  for (const a of x.alternatives) {
    if (outcome.has(a.sentence)) continue;
    const rival = x.alternatives.find((b) => b.sentence === a.sentence && b.text.toLowerCase() !== a.text.toLowerCase());
    const margin = rival ? a.score / (a.score + rival.score) : 1;
    outcome.set(a.sentence, margin >= 0.6 ? answerRecall(walk.gold, a.text) : answerRecall(walk.gold, a.sentence.text));
  }
  const ys = x.alternatives.map((a) =>
    (values.label === "sentence" ? answerRecall(walk.gold, a.sentence.text) : values.label === "outcome" ? outcome.get(a.sentence) === true : covers(walk.gold, a.text)) ? 1 : 0,
  );
  return { walk, xs, ys };
});

function samplesOf(qs: readonly Question[]): Sample[] {
  const out: Sample[] = [];
  for (const q of qs) {
    const pos = q.ys.filter((y) => y === 1).length;
    const neg = q.ys.length - pos;
    if (pos === 0 || neg === 0) continue;
    if (values.loss === "pair") {
      const pairs: Sample[] = [];
      q.xs.forEach((a, i) =>
        q.xs.forEach((b, j) => {
          if (q.ys[i] !== 1 || q.ys[j] !== 0) return;
          const d = a.map((v, k) => v - b[k]!);
          pairs.push({ x: d, y: 1, weight: 1 }, { x: d.map((v) => -v), y: 0, weight: 1 });
        }),
      );
      for (const p of pairs) out.push({ ...p, weight: 1 / pairs.length });
    } else {
      q.xs.forEach((x, i) => out.push({ x, y: q.ys[i]!, weight: q.ys[i] === 1 ? 0.5 / pos : 0.5 / neg }));
    }
  }
  return out;
}

const asModel = (m: LogisticModel): RankModel => ({
  bias: values.loss === "pair" ? 0 : m.bias,
  weights: Object.fromEntries(RANK_FEATURES.map((name, i) => [name, m.weights[i] ?? 0])) as RankModel["weights"],
});
const l2 = Number(values.l2);

/** Hits and F1 per set of answering every walk with `model` (or the hand-set ordering). */
type Tally = Map<string, { hits: number; f1: number; n: number }>;
function add(t: Tally, set: string, hit: boolean, f1: number): void {
  const v = t.get(set) ?? { hits: 0, f1: 0, n: 0 };
  t.set(set, { hits: v.hits + (hit ? 1 : 0), f1: v.f1 + f1, n: v.n + 1 });
}
const hand: Tally = new Map();
const oof: Tally = new Map();
const inSample: Tally = new Map();
const full = asModel(fitLogistic(samplesOf(questions), { l2 }));
const foldModels = Array.from({ length: folds }, (_, f) => asModel(fitLogistic(samplesOf(questions.filter((q) => foldOf(q.walk) !== f)), { l2 })));
for (const q of questions) {
  const w = q.walk;
  const answerWith = (options: Partial<ExtractOptions>): string => extractAnswer(w.question, w.items, { ...extra, ...options }, idfOf(w)).answer;
  for (const [tally, options] of [
    [hand, { rank: 0 }],
    [oof, { rank: 1, rankModel: foldModels[foldOf(w)]! }],
    [inSample, { rank: 1, rankModel: full }],
  ] as const) {
    const answer = answerWith(options);
    add(tally, w.set, answerRecall(w.gold, answer.slice(0, 300)), f1Score(answer, w.gold));
  }
}
const line = (name: string, t: Tally): string => {
  const all = [...t.values()].reduce((a, v) => ({ hits: a.hits + v.hits, f1: a.f1 + v.f1, n: a.n + v.n }), { hits: 0, f1: 0, n: 0 });
  return `| ${name} | ${[...t].map(([, v]) => `${v.hits} (${(v.f1 / v.n).toFixed(3)})`).join(" | ")} | ${all.hits} (${(all.f1 / all.n).toFixed(3)}) |`;
};
process.stdout.write(
  [
    `label ${values.label}, loss ${values.loss}, l2 ${l2}, options ${values.options}${dropped.size ? `, without ${[...dropped].join(",")}` : ""}: hits (token F1) of the answer before abstaining`,
    `| ordering | ${[...hand.keys()].join(" | ")} | all |`,
    `| --- |${[...hand.keys()].map(() => " ---: |").join("")} ---: |`,
    line("hand-set score", hand),
    line("ranker, out of fold", oof),
    line("ranker, in sample", inSample),
    "",
    `questions with a candidate covering the gold among those ranked: ${questions.filter((q) => q.ys.includes(1)).length} of ${questions.length}; the hand-set score ranks one of them first: ${questions.filter((q) => q.ys[0] === 1).length}`,
    "weights (all walks): " + RANK_FEATURES.map((n) => `${n} ${full.weights[n].toFixed(3)}`).join(", ") + `, bias ${full.bias.toFixed(3)}`,
    "",
  ].join("\n"),
);
if (values.write) {
  const commit = (() => {
    try {
      return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  })();
  const r = (x: number): number => Math.round(x * 1e4) / 1e4;
  writeFileSync(
    "src/answer/rank-weights.ts",
    `/**
 * Weights of the candidate ranker, written by scripts/fit-rank.ts at commit ${commit} (label ${values.label}, loss
 * ${values.loss}, L2 ${l2}) on the walks of scripts/answer-diagnose.ts --save. Out-of-fold figures: docs/answers.md.
 * Do not edit by hand.
 */
export const RANK_WEIGHTS = {
  bias: ${r(full.bias)},
  weights: { ${RANK_FEATURES.map((n) => `${n}: ${r(full.weights[n])}`).join(", ")} },
};
`,
  );
}
