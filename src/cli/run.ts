/** The `pecan` command: dispatches to one file per subcommand; every error exits with a stable code. */
import { UsageError } from "../index.js";
import { reportError } from "./output.js";
import { ingestCommand, INGEST_HELP } from "./commands/ingest.js";
import { listCommand, LIST_HELP } from "./commands/list.js";
import { removeCommand, REMOVE_HELP } from "./commands/remove.js";
import { inspectCommand, INSPECT_HELP } from "./commands/inspect.js";
import { askCommand, ASK_HELP } from "./commands/ask.js";
import { vectorsCommand, VECTORS_HELP } from "./commands/vectors.js";
import { evalCommand, EVAL_HELP } from "./commands/eval.js";
import { serveCommand, SERVE_HELP } from "./commands/serve.js";
import { mcpCommand, MCP_HELP } from "./commands/mcp.js";
import { MODEL_HELP } from "./open-engine.js";

type Command = (argv: readonly string[]) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string; summary: string }> = {
  ingest: { run: ingestCommand, help: INGEST_HELP, summary: "load documents and build their graphs" },
  list: { run: listCommand, help: LIST_HELP, summary: "list stored documents" },
  remove: { run: removeCommand, help: REMOVE_HELP, summary: "remove documents" },
  inspect: { run: inspectCommand, help: INSPECT_HELP, summary: "show a document's graph (json, dot, html)" },
  ask: { run: askCommand, help: ASK_HELP, summary: "answer a question with citations" },
  eval: { run: evalCommand, help: EVAL_HELP, summary: "measure methods on a QA dataset" },
  serve: { run: serveCommand, help: SERVE_HELP, summary: "HTTP API and web page" },
  mcp: { run: mcpCommand, help: MCP_HELP, summary: "Model Context Protocol server over stdio" },
  vectors: { run: vectorsCommand, help: VECTORS_HELP, summary: "build or inspect the optional word-vector cache" },
};

const HELP = `pecan: answers questions about long documents, with citations

Usage: pecan <command> [options]      pecan <command> --help for details

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join("\n")}

Quick start (offline, no model needed):
  pecan ingest examples/gpl-3.0.txt --db demo.db
  pecan ask "How long must a written offer for the source code stay valid?" --db demo.db

The store defaults to $PECAN_DB or ./pecan.db.
${MODEL_HELP}`;

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes("--json");
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" ? rest[0] : undefined;
      const command = topic ? COMMANDS[topic] : undefined;
      process.stdout.write(command ? command.help : HELP);
      return 0;
    }
    if (name === "--version" || name === "-v") {
      process.stdout.write("0.1.0\n");
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}"; try pecan --help`);
    return await command.run(rest);
  } catch (error) {
    return reportError(error, json);
  }
}

