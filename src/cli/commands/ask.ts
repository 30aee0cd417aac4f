/** `pecan ask`: answer a question with citations, over one document or the whole collection. */
import { askJson, asDocId, UsageError, type AskResult, type Engine } from "../../index.js";
import { boolFlag, DB_FLAG, existingDbPath, intFlag, JSON_FLAG, parseFlags, stringList, type Options } from "../args.js";
import { printJson } from "../output.js";
import { LLM_FLAGS, openEngine } from "../open-engine.js";

export const ASK_HELP = `pecan ask "<question>" [options]

Walks the stored graphs from the top level down, reading the most promising information point
or sentence at each step, until the judge says the answer has been read (or a cap is reached),
then prints the answer, its citations (document, page, quoted text) and one line of cost.

Options:
  --db PATH          store file (default: $PECAN_DB or ./pecan.db)
  --doc ID           ask this document (repeatable); default: the coarse stage picks documents
  --budget TOKENS    cap on context tokens read (default 1000)
  --patience N       stop after the judge's N-th "sufficient" (default 1)
  --max-steps N      cap on steps (default 1000)
  --fill             ignore the judge and read up to the budget
  --llm SPEC         judge and answer with a chat model (openai:<model>, ollama:<model>, gguf:<path>)
  --json             print the answer object (answer, citations, context, trace, cost)
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
};

async function printAnswer(engine: Engine, result: AskResult): Promise<void> {
  const out: string[] = [];
  out.push(result.answer.length > 0 ? result.answer.trim() : "(no answer found in what was read)");
  if (result.citations.length > 0) {
    out.push("", "Citations:");
    for (const [i, c] of result.citations.entries()) {
      const title = (await engine.store.getDocument(c.docId))?.title ?? c.docId;
      const page = c.page !== undefined ? `, p. ${c.page}` : "";
      const quote = c.text.replace(/\s+/g, " ").trim();
      out.push(`  [${i + 1}] ${title}${page} (chars ${c.start}-${c.end})`, `      "${quote.length > 400 ? `${quote.slice(0, 400)}…` : quote}"`);
    }
  }
  const c = result.cost;
  const llm = c.llmCalls > 0 ? `, ${c.llmCalls} LLM calls (${c.llmTokensIn} in / ${c.llmTokensOut} out)` : "";
  out.push(
    "",
    `cost: ${c.tokensRead} tokens read in ${c.steps} steps from ${c.nodesRead} nodes, stop: ${result.trace.stop}${llm}, ${c.ms} ms`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

export async function askCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(ASK_HELP);
    return 0;
  }
  const question = parsed.positionals.join(" ").trim();
  if (question.length === 0) throw new UsageError('give a question, e.g. pecan ask "When does the term end?"');
  const budget = intFlag(parsed, "budget", 1000);
  const patience = intFlag(parsed, "patience", 1);
  const maxSteps = intFlag(parsed, "max-steps", 1000);
  const engine = await openEngine(parsed, { dbPath: existingDbPath(parsed) });
  try {
    if ((await engine.list()).length === 0) throw new UsageError("the store has no documents; add some with `pecan ingest`");
    const result = await engine.ask(question, {
      docIds: stringList(parsed, "doc").map(asDocId),
      budget,
      patience,
      maxSteps,
      fill: boolFlag(parsed, "fill"),
    });
    if (boolFlag(parsed, "json")) printJson(askJson(result));
    else await printAnswer(engine, result);
    return 0;
  } finally {
    await engine.close();
  }
}
