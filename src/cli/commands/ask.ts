/** `pecan ask`: answer a question with citations, over one document or the whole collection. */
import { askJson, asDocId, DEFAULT_WALK, oneLine, UsageError, type AskResult, type Engine } from "../../index.js";
import { boolFlag, DB_FLAG, existingDbPath, intFlag, JSON_FLAG, parseFlags, stringList, type Options } from "../args.js";
import { printJson } from "../output.js";
import { LLM_FLAGS, openEngine } from "../open-engine.js";
import { createLogger, type Logger } from "../log.js";

export const ASK_HELP = `pecan ask "<question>" [options]

Walks the stored graphs from the top level down, reading the most promising information point
or sentence at each step, until the judge says the answer has been read (or a cap is reached),
then prints the answer, the sentence it came from, its citations (document, page, quoted text) and
one line of cost; when what was read does not hold the answer, "Not found in these documents" and
the closest passages (exit code 0 either way).

Options:
  --db PATH          store file (default: $PECAN_DB or ./pecan.db)
  --doc ID           ask this document (repeatable); default: the coarse stage picks documents
  --budget TOKENS    cap on context tokens read (default ${DEFAULT_WALK.budget})
  --patience N       stop after the judge's N-th "sufficient" (default ${DEFAULT_WALK.patience})
  --max-steps N      cap on steps (default ${DEFAULT_WALK.maxSteps})
  --fill             ignore the judge and read up to the budget
  --sub-questions    with --llm: split a multi-hop question into sub-questions, walk each, merge
  --llm SPEC         judge and answer with a chat model (openai:<model>, ollama:<model>, gguf:<path>)
  --json             print the answer object (answer, found, confidence, citations, context, trace, cost)
`;

const OPTIONS: Options = {
  ...DB_FLAG,
  ...JSON_FLAG,
  ...LLM_FLAGS,
  doc: { type: "string", multiple: true },
  budget: { type: "string" },
  patience: { type: "string" },
  "max-steps": { type: "string" },
  fill: { type: "boolean" },
  "sub-questions": { type: "boolean" },
};

/** Where a citation is: its document, and its page (PDFs) or its characters. */
function placeOf(titles: ReadonlyMap<string, string>, c: AskResult["citations"][number]): string {
  const title = titles.get(c.docId) ?? c.docId;
  return `${title}${c.page !== undefined ? `, p. ${c.page}` : ""} (chars ${c.start}-${c.end})`;
}

function quoteOf(text: string, max = 400): string {
  const quote = oneLine(text);
  return `"${quote.length > max ? `${quote.slice(0, max)}…` : quote}"`;
}

/**
 * The answer first; then "from:" the sentence it came from with its place; then the citations.
 * Not found: says so, then the closest passages.
 */
async function printAnswer(engine: Engine, result: AskResult): Promise<void> {
  const cited = [...new Set(result.citations.map((c) => c.docId))];
  const titles = new Map((await engine.list(cited)).map((d) => [d.docId as string, d.title]));
  const out: string[] = [];
  // The calibrated chance that the answer shown is right; a refusal shows none (its figure is that
  // of the answer it declined to give, in --json).
  const confidence = `confidence ${result.confidence.toFixed(2)} that this answer is right`;
  const [first, ...rest] = result.citations;
  if (!result.found) {
    out.push("Not found in these documents.");
    if (result.citations.length > 0) {
      out.push("", "Closest passages:");
      result.citations.forEach((c, i) => out.push(`  [${i + 1}] ${placeOf(titles, c)}`, `      ${quoteOf(c.text)}`));
    }
  } else {
    // An extractive answer is a slice of its sentence, line breaks and indentation of a
    // hard-wrapped text included; it is shown on one line, as its sentence is. A written (LLM)
    // answer keeps its own lines.
    const verbatim = first !== undefined && result.answer.trim().length > 0 && first.text.includes(result.answer.trim());
    const shown = verbatim ? oneLine(result.answer) : result.answer.trim();
    out.push(shown.length > 0 ? shown : "(no answer found in what was read)");
    const answerIsSentence = first !== undefined && oneLine(first.text) === oneLine(result.answer);
    if (first && !answerIsSentence) out.push(`from: ${quoteOf(first.text)} (${placeOf(titles, first)})`);
    else if (first) out.push(`(${placeOf(titles, first)})`);
    out.push(`${confidence}`);
    const further = answerIsSentence || !first ? rest : result.citations;
    if (further.length > 0) {
      out.push("", "Citations:");
      further.forEach((c, i) => out.push(`  [${i + 1}] ${placeOf(titles, c)}`, `      ${quoteOf(c.text)}`));
    }
  }
  const sub = result.trace.subQuestions;
  if (sub?.used) {
    out.push("", "Sub-questions:");
    sub.questions.forEach((q, i) => out.push(`  ${i + 1}. ${q.question} → ${q.answer.trim().length > 0 ? q.answer.trim() : "(no answer)"}`));
  } else if (sub) out.push("", `(sub-questions not used: ${sub.reason})`);
  const c = result.cost;
  const llm = c.llmCalls > 0 ? `, ${c.llmCalls} LLM calls (${c.llmTokensIn} in / ${c.llmTokensOut} out)` : "";
  out.push(
    "",
    `cost: ${c.tokensRead} tokens read in ${c.steps} steps from ${c.nodesRead} nodes, stop: ${result.trace.stop}${llm}, ${c.ms} ms`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

export async function askCommand(argv: readonly string[], log: Logger = createLogger()): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(ASK_HELP);
    return 0;
  }
  const question = parsed.positionals.join(" ").trim();
  if (question.length === 0) throw new UsageError('give a question, e.g. pecan ask "When does the term end?"');
  const budget = intFlag(parsed, "budget", DEFAULT_WALK.budget);
  const patience = intFlag(parsed, "patience", DEFAULT_WALK.patience);
  const maxSteps = intFlag(parsed, "max-steps", DEFAULT_WALK.maxSteps);
  const engine = await openEngine(parsed, { dbPath: existingDbPath(parsed) }, log);
  try {
    if ((await engine.count()) === 0) throw new UsageError("the store has no documents; add some with `pecan ingest`");
    const result = await engine.ask(question, {
      docIds: stringList(parsed, "doc").map(asDocId),
      budget,
      patience,
      maxSteps,
      fill: boolFlag(parsed, "fill"),
      subQuestions: boolFlag(parsed, "sub-questions"),
    });
    if (boolFlag(parsed, "json")) printJson(askJson(result));
    else await printAnswer(engine, result);
    return 0;
  } finally {
    await engine.close();
  }
}
