/** `pecan eval --answers`: answer metrics of the extractive reader (src/eval/answers.ts). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listDatasets } from "../../eval/dataset.js";
import { gitCommit } from "../../eval/report.js";
import { runAnswers } from "../../eval/answers.js";
import { answerTable, summarizeAnswers } from "../../eval/answer-summary.js";
import { printJson } from "../output.js";

export interface AnswersCommand {
  readonly data: string;
  readonly datasets: readonly string[];
  readonly out: string;
  readonly json: boolean;
  readonly limit?: number;
  readonly argv: readonly string[];
}

/** Sets with short answers to score: every set of the data folder for "all". */
function setsOf(data: string, datasets: readonly string[]): string[] {
  return datasets.includes("all") ? listDatasets(data) : [...datasets];
}

export async function answersCommand(options: AnswersCommand): Promise<number> {
  const records = await runAnswers({ dataDir: options.data, datasets: setsOf(options.data, options.datasets), ...(options.limit ? { limit: options.limit } : {}) });
  const summaries = summarizeAnswers(records);
  const meta = { command: ["pecan", "eval", ...options.argv].join(" "), commit: gitCommit(process.cwd()), date: new Date().toISOString() };
  mkdirSync(options.out, { recursive: true });
  const table = answerTable(summaries);
  writeFileSync(join(options.out, "answers.json"), `${JSON.stringify({ meta, summaries, records }, null, 1)}\n`);
  writeFileSync(join(options.out, "answers.md"), `# Answers\n\n\`${meta.command}\` at commit ${meta.commit}\n\n${table}\n`);
  if (options.json) printJson({ meta, summaries });
  else process.stdout.write(`${table}\n\nwrote ${join(options.out, "answers.md")}, ${join(options.out, "answers.json")}\n`);
  return 0;
}
