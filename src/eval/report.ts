/**
 * Writing an evaluation's results: `results.json` (summaries), `questions.jsonl` (every
 * question's target and scored readings), `results.md`
 * (one table per set, the goal check of the evaluation issue, the method list, the command
 * and commit) and `plots/<set>.svg` (recall against tokens read).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { DatasetRun, EvalRun } from "./run.js";
import type { MethodSummary } from "./summary.js";
import { recallPlot } from "./svg.js";
import { fidelityTable } from "./fidelity.js";
import { pushAll } from "../internal.js";

/** Where and how a run was made. */
export interface RunMeta {
  readonly command: string;
  readonly commit: string | null;
  readonly date: string;
}

/** Methods a pecan row is compared with at equal budgets. */
const BASELINES = ["bm25-chunks", "bm25-sentences", "dos-rag", "hybrid", "raptor"];
/** Goal of the evaluation issue: adaptive Pecan keeps this share of the full document's recall... */
export const GOAL_RECALL_SHARE = 0.9;
/** ...while reading at most this share of its tokens. */
export const GOAL_TOKEN_SHARE = 0.2;

/** The commit checked out in `dir` (read from `.git`, no process spawned), or null. */
export function gitCommit(dir: string): string | null {
  let d = resolve(dir);
  for (;;) {
    const git = gitDirAt(d);
    if (git !== undefined) return headCommit(git);
    const parent = dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}

/** The git directory of a working tree rooted at `d`: `.git` itself, or where a worktree's `.git` file points. */
function gitDirAt(d: string): string | undefined {
  const git = join(d, ".git");
  if (existsSync(join(git, "HEAD"))) return git;
  if (!existsSync(git)) return undefined;
  const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(git, "utf8"));
  const target = pointer?.[1] === undefined ? undefined : resolve(d, pointer[1].trim());
  return target !== undefined && existsSync(join(target, "HEAD")) ? target : undefined;
}

/** The commit HEAD names; a worktree's refs live in the common directory its `commondir` names. */
function headCommit(git: string): string | null {
  const head = readFileSync(join(git, "HEAD"), "utf8").trim();
  if (!head.startsWith("ref: ")) return head;
  const ref = head.slice(5);
  const common = existsSync(join(git, "commondir")) ? resolve(git, readFileSync(join(git, "commondir"), "utf8").trim()) : git;
  for (const base of [git, common]) if (existsSync(join(base, ref))) return readFileSync(join(base, ref), "utf8").trim();
  const packed = existsSync(join(common, "packed-refs")) ? readFileSync(join(common, "packed-refs"), "utf8") : "";
  const line = packed.split("\n").find((l) => l.endsWith(` ${ref}`));
  return line ? (line.split(" ")[0] ?? null) : null;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}`);
const num = (x: number | null | undefined) => (x === null || x === undefined ? "–" : Math.round(x).toLocaleString("en-US"));

/** A set of multiple-choice questions (most questions have options). */
export function isMultipleChoice(d: DatasetRun): boolean {
  return d.multipleChoice * 2 > d.questions;
}

/** The y-axis label and the name of the primary figure of a set. */
export function recallLabel(d: DatasetRun): string {
  if (d.scored.evidence > 0 && d.scored.answer > 0) return "evidence recall (span recall; answer recall where no evidence)";
  return d.scored.evidence > 0 ? "evidence recall (span recall)" : "answer recall";
}

/** The plot file of a set, relative to the output folder. */
export function plotPath(d: DatasetRun): string {
  return `plots/${d.name}${d.setting === "collection" ? "-collection" : ""}.svg`;
}

function judgeCell(s: MethodSummary): string {
  if (s.kind !== "adaptive") return "";
  const stops = Object.entries(s.stops ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return `premature ${pct(s.premature)}%, late ${num(s.late)} tok; ${stops}`;
}

/** Recall (and mean tokens read) by method and budget: the headline of a set. */
export function recallMatrix(d: DatasetRun): string {
  const budgets = [...new Set(d.summaries.flatMap((s) => (s.budget === null ? [] : [s.budget])))].sort((a, b) => a - b);
  const methods = [...new Set(d.summaries.map((s) => s.method))];
  const rows = [`| recall % (tokens read) | ${budgets.map((b) => `B = ${b}`).join(" | ")} |`, `| --- | ${budgets.map(() => "---:").join(" | ")} |`];
  for (const m of methods) {
    const whole = d.summaries.find((s) => s.method === m && s.budget === null);
    if (whole) {
      rows.push(`| ${m} | ${pct(whole.recall)} (${num(whole.tokens)}), whatever the budget${budgets.slice(1).map(() => " | ").join("")} |`);
      continue;
    }
    const cells = budgets.map((b) => {
      const s = d.summaries.find((x) => x.method === m && x.budget === b);
      return s ? `${pct(s.recall)} (${num(s.tokens)})` : "–";
    });
    rows.push(`| ${m} | ${cells.join(" | ")} |`);
  }
  return rows.join("\n");
}

function datasetTable(d: DatasetRun): string {
  const rows = [
    "| method | budget | tokens read | recall | span recall | answer recall | evidence read | tokens-to-evidence (median) | steps | ms | judge |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const s of d.summaries) {
    rows.push(
      `| ${s.method} | ${s.budget ?? "whole"} | ${num(s.tokens)} | ${pct(s.recall)} | ${pct(s.spanRecall)} | ${pct(s.answerRecall)} | ${pct(s.evidenceRead)} | ${s.tokensToEvidence === null ? "never (≥ half)" : num(s.tokensToEvidence)} | ${s.steps.toFixed(1)} | ${s.ms.toFixed(1)} | ${judgeCell(s)} |`,
    );
  }
  return rows.join("\n");
}

function answerTable(summaries: readonly MethodSummary[]): string {
  const rows = [
    "Answer quality (questions answered, including those retrieval cannot score):",
    "",
    "| method | budget | answered | exact match | F1 | ROUGE-L | multiple-choice accuracy |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const s of summaries) {
    const a = s.answers;
    if (!a) continue;
    const choice = a.choiceQuestions > 0 ? `${pct(a.choiceAccuracy)} (${a.choiceQuestions})` : "–";
    rows.push(`| ${s.method} | ${s.budget ?? "whole"} | ${a.questions} | ${pct(a.exactMatch)} | ${pct(a.f1)} | ${pct(a.rougeL)} | ${choice} |`);
  }
  return rows.join("\n");
}

/** Goal lines of a set: pecan-fill against the best baseline per budget; adaptive pecan against the full document. */
export function goalLines(d: DatasetRun): string[] {
  const lines: string[] = [];
  const budgets = [...new Set(d.summaries.flatMap((s) => (s.budget === null ? [] : [s.budget])))].sort((a, b) => a - b);
  for (const b of budgets) {
    const fill = d.summaries.find((s) => s.method === "pecan-fill" && s.budget === b);
    const base = d.summaries.filter((s) => BASELINES.includes(s.method) && s.budget === b).sort((x, y) => y.recall - x.recall)[0];
    if (fill && base) {
      const delta = (fill.recall - base.recall) * 100;
      const verdict = delta >= 0 ? "meets" : "misses";
      lines.push(
        `- budget ${b}: pecan-fill ${pct(fill.recall)} vs best baseline ${base.method} ${pct(base.recall)} (${delta >= 0 ? "+" : ""}${delta.toFixed(1)} points): ${verdict} the goal`,
      );
    }
  }
  const full = d.summaries.find((s) => s.method === "full");
  for (const s of d.summaries.filter((x) => x.kind === "adaptive")) {
    if (!full || full.recall === 0 || full.tokens === 0) continue;
    const share = s.recall / full.recall;
    const tokens = s.tokens / full.tokens;
    const ok = share >= GOAL_RECALL_SHARE && tokens <= GOAL_TOKEN_SHARE;
    lines.push(
      `- adaptive pecan (cap ${s.budget}): ${pct(share)}% of the full document's recall at ${pct(tokens)}% of its tokens: ${ok ? "meets" : "misses"} the goal (≥ ${GOAL_RECALL_SHARE * 100}% at ≤ ${GOAL_TOKEN_SHARE * 100}%)`,
    );
  }
  return lines;
}

function datasetSection(d: DatasetRun): string {
  const loc = d.locatedBy;
  const parts = [
    `### ${d.name} (${d.setting})`,
    "",
    `${d.questions} of ${d.totalQuestions} questions, ${d.documents} of ${d.totalDocuments} documents read (those with a scorable question, or all in the collection setting); ` +
      `mean document ${num(d.meanDocumentTokens)} tokens. Targets: ${d.scored.evidence} by span recall, ` +
      `${d.scored.answer} by answer recall only, ${d.scored.none} not scorable (no evidence located and no gold answer in the document). ` +
      (d.evidenceStrings > 0
        ? `Evidence strings: ${d.evidenceStrings}, located ${d.evidenceStrings - d.evidenceUnlocated} (exact ${loc.exact}, whitespace/case ${loc.loose}, line by line ${loc.pieces}), not located ${d.evidenceUnlocated}; ${d.evidencePartial} questions with evidence only partly located.`
        : "No gold evidence in this set."),
    "",
  ];
  if (d.summaries.length === 0) {
    parts.push("No scorable question: nothing was run.", "");
    return parts.join("\n");
  }
  parts.push(recallMatrix(d), "", datasetTable(d), "", `![${d.name}: ${recallLabel(d)} against tokens read](${plotPath(d)})`, "");
  if (d.fidelity) parts.push(fidelityTable(d.fidelity), "");
  const answered = d.summaries.filter((s) => s.answers !== undefined);
  if (answered.length > 0) parts.push(answerTable(answered), "");
  if (isMultipleChoice(d)) {
    parts.push(
      `A multiple-choice set without gold evidence: only the ${d.scored.answer} questions whose gold option text occurs verbatim in the document can be scored without a model, ` +
        "so these figures rest on a handful of questions and are left out of the goal check.",
      "",
    );
  } else {
    const goals = goalLines(d);
    if (goals.length > 0) pushAll(parts, ["Goal check:", "", ...goals, ""]);
  }
  parts.push(
    `Preparation (ms): ${Object.entries(d.prepareMs)
      .map(([k, v]) => `${k} ${num(v)}`)
      .join(", ")}.`,
    "",
  );
  return parts.join("\n");
}

/** The markdown page of a run. */
export function reportMarkdown(run: EvalRun, meta: RunMeta): string {
  const out = [
    "# Evaluation results",
    "",
    `Command: \`${meta.command}\`  `,
    `Commit: ${meta.commit ?? "unknown"}  `,
    `Date: ${meta.date}; setting: ${run.setting}; budgets: ${run.budgets.join(", ")}; ` +
      `${run.limit === null ? "all questions" : `at most ${run.limit} questions per set (spread over its documents)`}; ${Math.round(run.ms / 1000)} s.`,
    "",
    "Columns: tokens read, steps and ms are means per question; recall is span recall for questions whose gold evidence was located, " +
      "answer recall otherwise; evidence read is the share of questions whose evidence (span recall ≥ 0.9, or a gold answer) was read; " +
      "tokens-to-evidence is the median context tokens read until then, counting misses as infinite. " +
      "For adaptive pecan, premature is the share of questions where the judge stopped before the evidence was read, late the median tokens read after it was.",
    "",
    "Methods:",
    "",
    ...run.methods.map((m) => `- \`${m.name}\` (${m.kind}): ${m.description}`),
    ...run.skippedMethods.map((m) => `- \`${m.name}\`: not run. ${m.reason}`),
    "",
    "## Results",
    "",
    ...run.datasets.map(datasetSection),
  ];
  return `${out.join("\n")}\n`;
}

/** Writes results.json, results.md and the plots to `outDir`; returns the files written. */
export function writeReport(run: EvalRun, outDir: string, meta: RunMeta): string[] {
  mkdirSync(join(outDir, "plots"), { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(outDir, name);
    writeFileSync(path, text);
    files.push(path);
  };
  const { datasets, ...rest } = run;
  const summary = { meta, ...rest, datasets: datasets.map(({ records: _records, ...d }) => d) };
  write("results.json", `${JSON.stringify(summary, null, 1)}\n`);
  write(
    "questions.jsonl",
    datasets
      .flatMap((d) => d.records.map((r) => JSON.stringify({ dataset: d.name, setting: d.setting, ...r })))
      .map((line) => `${line}\n`)
      .join(""),
  );
  write("results.md", reportMarkdown(run, meta));
  for (const d of run.datasets) {
    if (d.summaries.length === 0) continue;
    const subtitle = `${d.setting}; ${d.scored.evidence + d.scored.answer} scored questions; mean document ${num(d.meanDocumentTokens)} tokens`;
    write(plotPath(d), recallPlot({ title: `${d.name}: recall against tokens read`, subtitle, yLabel: recallLabel(d), summaries: d.summaries }));
  }
  return files;
}
