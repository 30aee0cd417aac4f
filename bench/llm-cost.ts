/**
 * Cost accounting of Pecan's LLM tiers on the dev data, with no model (reported, not asserted):
 * the LLM calls and tokens (in and out) one question would send, per set and budget, against
 * one reader call given the whole document (PECAN.md §4: every call reports calls and tokens).
 *   1. full document: Pecan's own LLM reader (answer/llm-reader.ts) given the whole document as
 *      one passage, so the prompt is built exactly as for the walk's passages;
 *   2. Pecan: the model-free index (lexrank summaries, alignment weights), an LLM judge and an
 *      LLM reader, through `createEngine({ chat })` and `engine.ask`. The chat model is a
 *      scripted stand-in written here: it counts every call with o200k (message contents plus
 *      the chat overhead of llm/count-tokens.ts) and answers the judge "No" (`never`: the walk
 *      reads to the budget, an upper bound) or "Yes" once the prompt's passages hold the gold
 *      evidence or a gold answer (`oracle`: a perfect judge, located as eval/score.ts does), and
 *      the reader with a short answer citing [1]. Run with the judge's own schedule (first
 *      after 200 tokens, then each time the context grows by half) and asked after every step;
 *   3. ingest with the LLM summarizer: `engine.estimateIngest` over the set's documents, as
 *      `pecan ingest --estimate --jsonl` runs it (a one-time cost).
 *
 *   npm run build && node dist/bench/llm-cost.js [--data ../shared/data] [--sets cuad,financebench,hotpotqa,musique,nq_wiki,qasper]
 *     [--limit 40] [--budget 500 --budget 2000 --budget 8000] [--json] [--jobs 2] [--verify-every 64]
 *
 * --jobs: sets run in this many child processes at once (1: all in this process).
 * --verify-every: every n-th long prompt is counted whole too, to check the split count below.
 *
 * Skips cleanly when the data folder is absent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { benchArgs } from "./args.js";
import { asNodeId, createEngine, DEFAULT_WALK, meterChatModel, type AskOptions, type DocId, type Engine, type Span } from "../src/index.js";
import { emptyUsage, type LlmUsage } from "../src/core/types.js";
import { countTokens } from "../src/ingest/tokens.js";
import { createUnitsCache } from "../src/engine/ask.js";
import { createLlmJudge } from "../src/control/llm-judge.js";
import { createLlmReader } from "../src/answer/llm-reader.js";
import type { ReadingUnit } from "../src/retrieval/units.js";
import { loadDataset, type EvalDocument } from "../src/eval/dataset.js";
import { questionTarget, type QuestionTarget } from "../src/eval/score.js";
import { askText } from "../src/eval/methods/pecan.js";
import { createBenchChat, shown, type BenchChat, type Scenario } from "./llm-cost-chat.js";
import { maxOf } from "../src/core/arrays.js";

const values = benchArgs(import.meta.url, {
  data: { type: "string", default: "../shared/data" },
  sets: { type: "string", default: "cuad,financebench,hotpotqa,musique,nq_wiki,qasper" },
  limit: { type: "string", default: "40" },
  budget: { type: "string", multiple: true, default: ["500", "2000", "8000"] },
  "verify-every": { type: "string", default: "64" },
  jobs: { type: "string", default: "2" },
  json: { type: "boolean" },
});
const dataDir = resolve(values.data);
const budgets = values.budget.map(Number);
const limit = Number(values.limit);

/** The judge's schedule; "sub-questions": growing, with the sub-question planner on (engine/subquestions.ts). */
type Schedule = "growing" | "every step" | "sub-questions";

/** Per-question figures of one (budget, scenario, schedule). */
interface Sample {
  judgeCalls: number;
  judgeIn: number;
  readerIn: number;
  /** Reader calls (one without sub-questions; one per sub-question plus the merge with them). */
  readerCalls: number;
  plannerIn: number;
  totalIn: number;
  totalOut: number;
  tokensRead: number;
  /** o200k tokens of the read passages' texts alone, as prompts show them (no labels, no instructions). */
  passageTokens: number;
  fullIn: number;
  stop: string;
}

/** One question asked through the engine; the judge asked on its own schedule or after every step. */
async function askOnce(engine: Engine, bench: BenchChat, question: string, docId: DocId, budget: number, schedule: Schedule): Promise<Omit<Sample, "fullIn">> {
  bench.reset();
  const judgeUsage = emptyUsage();
  const options: AskOptions = {
    docIds: [docId],
    budget,
    maxSteps: Math.max(DEFAULT_WALK.maxSteps, budget),
    // The engine meters its own judge and reader into `cost`; this judge is metered the same way here.
    ...(schedule === "every step" ? { judge: createLlmJudge(meterChatModel(bench.chat, {}, judgeUsage), { first: 0, growth: 1 }) } : {}),
    ...(schedule === "sub-questions" ? { subQuestions: true } : {}),
  };
  const result = await engine.ask(question, options);
  const total: LlmUsage = {
    llmCalls: result.cost.llmCalls + judgeUsage.llmCalls,
    llmTokensIn: result.cost.llmTokensIn + judgeUsage.llmTokensIn,
    llmTokensOut: result.cost.llmTokensOut + judgeUsage.llmTokensOut,
  };
  const { judge, reader, planner } = bench.tally;
  const mine = {
    llmCalls: judge.calls + reader.calls + planner.calls,
    llmTokensIn: judge.tokensIn + reader.tokensIn + planner.tokensIn,
    llmTokensOut: judge.tokensOut + reader.tokensOut + planner.tokensOut,
  };
  if (schedule === "sub-questions" && result.trace.subQuestions?.used !== true) throw new Error("bench: the sub-question plan was not used");
  if (mine.llmCalls !== total.llmCalls || mine.llmTokensIn !== total.llmTokensIn || mine.llmTokensOut !== total.llmTokensOut) {
    throw new Error(`bench: cost ${JSON.stringify(total)} disagrees with the model's own count ${JSON.stringify(mine)}`);
  }
  return {
    judgeCalls: judge.calls,
    judgeIn: judge.tokensIn,
    readerIn: reader.tokensIn,
    readerCalls: reader.calls,
    plannerIn: planner.tokensIn,
    totalIn: total.llmTokensIn,
    totalOut: total.llmTokensOut,
    tokensRead: result.cost.tokensRead,
    passageTokens: result.context.reduce((n, c) => n + countTokens(shown(c.text)), 0),
    stop: result.trace.stop,
  };
}

/** One reader call given the whole document as its one passage (the prompt built by the LLM reader itself). */
async function fullDocument(bench: BenchChat, doc: EvalDocument, title: string, question: string): Promise<LlmUsage> {
  const usage = emptyUsage();
  // `tokens` is not read by the reader; the call's tokens are counted by the model.
  const unit: ReadingUnit = { docId: doc.docId, nodeId: asNodeId(`${doc.docId}#whole`), node: 0, level: 0, text: doc.text, spans: [{ start: 0, end: doc.text.length }], tokens: 0 };
  bench.state.title = title;
  bench.state.oracle = undefined;
  await createLlmReader(meterChatModel(bench.chat, {}, usage)).read({ question, items: [{ unit, relevance: 1, title }] });
  return usage;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

interface SetReport {
  readonly set: string;
  /** Wall time of the set's run. */
  readonly seconds: number;
  readonly questions: number;
  readonly totalQuestions: number;
  readonly documents: number;
  readonly docTokens: number;
  readonly fullIn: number;
  readonly fullOut: number;
  readonly targets: Record<QuestionTarget["kind"], number>;
  /** Means over the set's questions of each `Sample` field, per (budget, scenario, schedule). */
  readonly runs: (Pick<Sample, "judgeCalls" | "judgeIn" | "readerIn" | "readerCalls" | "plannerIn" | "totalIn" | "totalOut" | "tokensRead"> & {
    budget: number;
    judge: Scenario;
    schedule: Schedule;
    /** Share of the reader's input that is not passage text: passage labels (number, title, page) and instructions. */
    readerLabels: number;
    ratio: number;
    cheaperShare: number;
    stoppedByJudge: number;
  })[];
  readonly ingest: { documents: number; leafTokens: number; calls: number; inputTokens: number; outputTokens: number; perDocument: { calls: number; inputTokens: number; outputTokens: number }; perQuestion: { calls: number; inputTokens: number; outputTokens: number } };
}

async function runSet(name: string, bench: BenchChat): Promise<SetReport> {
  const started = performance.now();
  const set = await loadDataset(dataDir, name, { limit });
  const engine = createEngine({ dbPath: ":memory:", chat: bench.chat, summarizer: "lexrank", weigher: "alignment" });
  try {
    for (const doc of set.documents) {
      const report = await engine.ingestDocuments([{ docId: doc.docId, title: doc.title, text: doc.text, source: name, ...(doc.pageStarts ? { pageStarts: doc.pageStarts } : {}) }]);
      if (report.cost.llmCalls !== 0) throw new Error("bench: the model-free index made LLM calls");
    }
    const units = createUnitsCache(engine.store, 4);
    const docs = new Map(set.documents.map((d) => [d.docId, d]));
    const samples = new Map<string, Sample[]>();
    const full: LlmUsage[] = [];
    const targets = { evidence: 0, answer: 0, none: 0 };
    const passages = new Map<DocId, Map<string, Span[]>>();
    for (const [i, q] of set.questions.entries()) {
      process.stderr.write(`\r${name}: question ${i + 1}/${set.questions.length}   `);
      bench.clear();
      const doc = docs.get(q.docId)!;
      const view = await units(q.docId);
      let spansOf = passages.get(q.docId);
      if (!spansOf) {
        spansOf = new Map<string, Span[]>();
        for (const u of view.units) spansOf.set(shown(u.text), [...(spansOf.get(shown(u.text)) ?? []), ...u.spans]);
        passages.set(q.docId, spansOf);
      }
      const target = questionTarget(q, doc);
      targets[target.kind]++;
      const question = askText(q, true);
      const whole = await fullDocument(bench, doc, view.title, question);
      full.push(whole);
      for (const budget of budgets) {
        for (const scenario of ["never", "oracle"] as const) {
          for (const schedule of ["growing", "every step", "sub-questions"] as const) {
            bench.state.scenario = scenario;
            bench.state.title = view.title;
            bench.state.oracle = { docText: doc.text, spansOf, target };
            const sample = await askOnce(engine, bench, question, q.docId, budget, schedule);
            const key = `${budget}|${scenario}|${schedule}`;
            samples.set(key, [...(samples.get(key) ?? []), { ...sample, fullIn: whole.llmTokensIn }]);
          }
        }
      }
    }
    process.stderr.write("\n");
    const fullIn = mean(full.map((u) => u.llmTokensIn));
    const runs = [...samples.entries()].map(([key, xs]) => {
      const [budget, judge, schedule] = key.split("|") as [string, Scenario, Schedule];
      const totalIn = mean(xs.map((s) => s.totalIn));
      return {
        budget: Number(budget),
        judge,
        schedule,
        judgeCalls: mean(xs.map((s) => s.judgeCalls)),
        judgeIn: mean(xs.map((s) => s.judgeIn)),
        readerIn: mean(xs.map((s) => s.readerIn)),
        readerCalls: mean(xs.map((s) => s.readerCalls)),
        plannerIn: mean(xs.map((s) => s.plannerIn)),
        totalIn,
        totalOut: mean(xs.map((s) => s.totalOut)),
        tokensRead: mean(xs.map((s) => s.tokensRead)),
        readerLabels: 1 - mean(xs.map((s) => s.passageTokens)) / Math.max(1, mean(xs.map((s) => s.readerIn))),
        ratio: totalIn / fullIn,
        cheaperShare: mean(xs.map((s) => (s.totalIn < s.fullIn ? 1 : 0))),
        stoppedByJudge: mean(xs.map((s) => (s.stop === "sufficient" ? 1 : 0))),
      };
    });
    const estimate = await engine.estimateIngest({ jsonl: join(dataDir, name, "documents.jsonl") });
    const per = (n: number) => ({ calls: estimate.calls / n, inputTokens: estimate.inputTokens / n, outputTokens: estimate.outputTokens / n });
    return {
      set: name,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      questions: set.questions.length,
      totalQuestions: set.totalQuestions,
      documents: set.documents.length,
      docTokens: mean((await engine.list()).map((d) => d.tokens)),
      fullIn,
      fullOut: mean(full.map((u) => u.llmTokensOut)),
      targets,
      runs,
      ingest: {
        documents: estimate.documents,
        leafTokens: estimate.leafTokens,
        calls: estimate.calls,
        inputTokens: estimate.inputTokens,
        outputTokens: estimate.outputTokens,
        perDocument: per(Math.max(1, estimate.documents)),
        perQuestion: per(Math.max(1, set.totalQuestions)),
      },
    };
  } finally {
    await engine.close();
  }
}

/** A markdown table with its columns padded to one width (numbers right-aligned). */
function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)));
  const width = header.map((h, j) => Math.max(h.length, 3, maxOf(cells.map((r) => r[j]!.length))));
  const right = header.map((_, j) => rows.every((r) => typeof r[j] === "number"));
  const line = (r: readonly string[]): string => `| ${r.map((c, j) => (right[j] ? c.padStart(width[j]!) : c.padEnd(width[j]!))).join(" | ")} |`;
  const rule = `|${width.map((w, j) => (right[j] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...cells.map(line)].join("\n");
}
const fmt = (x: number): string => (Number.isInteger(x) || Math.abs(x) >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(Math.abs(x) >= 10 ? 1 : 2));
const pct = (x: number): string => `${Math.round(x * 100)}%`;
const times = (x: number): string => `${x.toFixed(2)}×`;

function markdown(reports: readonly SetReport[]): string {
  const out: string[] = [];
  out.push(`### Summary: LLM tokens in per question, Pecan (growing schedule, judge oracle–never) against the full document\n`);
  const ratio = (r: SetReport, budget: number, judge: Scenario): number => r.runs.find((x) => x.budget === budget && x.judge === judge && x.schedule === "growing")?.ratio ?? NaN;
  out.push(table(["set", "doc tokens", "full-document in", ...budgets.map((b) => `budget ${b}: in / full`)],
    reports.map((r) => [r.set, r.docTokens, r.fullIn, ...budgets.map((b) => `${times(ratio(r, b, "oracle"))} – ${times(ratio(r, b, "never"))}`)])));
  out.push(`\n### Full document: one reader call given the whole document (mean per question)\n`);
  out.push(table(["set", "questions", "documents", "doc tokens", "gold: evidence / answer / none", "full-document in", "out"],
    reports.map((r) => [r.set, r.questions, r.documents, r.docTokens, `${r.targets.evidence} / ${r.targets.answer} / ${r.targets.none}`, r.fullIn, r.fullOut])));
  out.push(`\n### Pecan, model-free index + LLM judge (growing schedule) + LLM reader (mean per question)\n`);
  const growing = reports.flatMap((r) => r.runs.filter((x) => x.schedule === "growing").map((x) => ({ r, x })));
  out.push(table(["set", "budget", "judge", "judge calls", "judge in", "reader in", "total in", "total out", "context read", "in / full", "cheaper than full", "judge stopped", "reader in: labels & instructions"],
    growing.map(({ r, x }) => [r.set, x.budget, x.judge, x.judgeCalls, x.judgeIn, x.readerIn, x.totalIn, x.totalOut, x.tokensRead, times(x.ratio), pct(x.cheaperShare), pct(x.stoppedByJudge), pct(x.readerLabels)])));
  out.push(`\n### The judge asked after every step, against its growing schedule (mean per question)\n`);
  const pairs = reports.flatMap((r) => r.runs.filter((x) => x.schedule === "every step").map((x) => ({ r, x, g: r.runs.find((y) => y.schedule === "growing" && y.budget === x.budget && y.judge === x.judge)! })));
  out.push(table(["set", "budget", "judge", "calls: every step", "calls: growing", "judge in: every step", "judge in: growing", "total in: every step", "in / full: every step", "context read: every step", "context read: growing"],
    pairs.map(({ r, x, g }) => [r.set, x.budget, x.judge, x.judgeCalls, g.judgeCalls, x.judgeIn, g.judgeIn, x.totalIn, times(x.ratio), x.tokensRead, g.tokensRead])));
  out.push(`\n### Sub-questions (planner on, two sub-questions, growing schedule) against the plain walk (mean per question)\n`);
  const subs = reports.flatMap((r) => r.runs.filter((x) => x.schedule === "sub-questions").map((x) => ({ r, x, g: r.runs.find((y) => y.schedule === "growing" && y.budget === x.budget && y.judge === x.judge)! })));
  out.push(table(["set", "budget", "judge", "planner in", "judge calls", "judge calls: plain", "reader calls", "reader in", "reader in: plain", "total in", "total in: plain", "in / full", "context read", "context read: plain"],
    subs.map(({ r, x, g }) => [r.set, x.budget, x.judge, x.plannerIn, x.judgeCalls, g.judgeCalls, x.readerCalls, x.readerIn, g.readerIn, x.totalIn, g.totalIn, times(x.ratio), x.tokensRead, g.tokensRead])));
  out.push(`\n### Ingest with the LLM summarizer (one-time; \`engine.estimateIngest\`, as \`pecan ingest --estimate\`)\n`);
  out.push(table(["set", "documents", "document tokens", "calls", "tokens in", "tokens out", "in / document tokens", "per doc: calls", "per doc: in", "per doc: out", "questions", "per question: calls", "per question: in", "per question: out"],
    reports.map((r) => {
      const i = r.ingest;
      return [r.set, i.documents, i.leafTokens, i.calls, i.inputTokens, i.outputTokens, times(i.inputTokens / Math.max(1, i.leafTokens)), i.perDocument.calls, i.perDocument.inputTokens, i.perDocument.outputTokens, r.totalQuestions, i.perQuestion.calls, i.perQuestion.inputTokens, i.perQuestion.outputTokens];
    })));
  return out.join("\n");
}

const children = new Set<ChildProcess>();

/** One set in a child process (`--jobs`): this same script with `--sets <name> --json --jobs 1`. */
function runChild(name: string): Promise<SetReport> {
  const args = [process.argv[1]!, "--data", dataDir, "--sets", name, "--limit", String(limit), ...budgets.flatMap((b) => ["--budget", String(b)])];
  const child = spawn(process.execPath, [...args, "--verify-every", values["verify-every"], "--jobs", "1", "--json"], { stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => {
      children.delete(child);
      if (code !== 0) fail(new Error(`bench: the run of ${name} exited with ${code}`));
      else done((JSON.parse(out) as { sets: SetReport[] }).sets[0]!);
    });
  });
}

async function main(): Promise<void> {
  const counts = [...budgets, limit, Number(values.jobs), Number(values["verify-every"])];
  if (!counts.every((n) => Number.isInteger(n) && n > 0)) {
    console.error("usage: --budget, --limit, --jobs and --verify-every take positive integers");
    process.exitCode = 2;
    return;
  }
  if (!existsSync(dataDir)) {
    console.log(`skipping: no data at ${dataDir}`);
    return;
  }
  const started = performance.now();
  const names = values.sets.split(",").map((s) => s.trim()).filter((name) => {
    const there = name.length > 0 && existsSync(join(dataDir, name, "questions.jsonl"));
    if (name.length > 0 && !there) process.stderr.write(`skipping ${name}: not in ${dataDir}\n`);
    return there;
  });
  const reports: SetReport[] = new Array<SetReport>(names.length);
  const jobs = Math.max(1, Number(values.jobs));
  if (jobs === 1 || names.length === 1) {
    const bench = createBenchChat(Number(values["verify-every"]));
    for (const [i, name] of names.entries()) reports[i] = await runSet(name, bench);
  } else {
    // Sets are independent: a small pool of child processes, one set each, results in the order given.
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < names.length; i = next++) reports[i] = await runChild(names[i]!);
    };
    try {
      await Promise.all(Array.from({ length: Math.min(jobs, names.length) }, worker));
    } catch (error) {
      for (const child of children) child.kill();
      throw error;
    }
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (values.json) console.log(JSON.stringify({ limit, budgets, seconds, sets: reports }, null, 2));
  else console.log(`${markdown(reports)}\n\n(${reports.reduce((n, r) => n + r.questions, 0)} questions, budgets ${budgets.join(", ")}, ${seconds} s)`);
}

await main();
