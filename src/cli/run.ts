/** The `pecan` command: dispatches to one file per subcommand; every error exits with a stable code. */
import { UsageError } from "../index.js";
import { createLogger, globalOptions, type Logger } from "./log.js";
import { reportError } from "./output.js";
import { MODEL_HELP } from "./open-engine.js";

type Command = (argv: readonly string[], log: Logger) => number | Promise<number>;

/** Commands load on demand: `pecan list` does not pay for the server, MCP or eval code. */
const COMMANDS: Record<string, { load: () => Promise<{ run: Command; help: string }>; summary: string }> = {
  ingest: {
    load: async () => import("./commands/ingest.js").then((m) => ({ run: m.ingestCommand, help: m.INGEST_HELP })),
    summary: "load documents and build their graphs",
  },
  list: { load: async () => import("./commands/list.js").then((m) => ({ run: m.listCommand, help: m.LIST_HELP })), summary: "list stored documents" },
  remove: { load: async () => import("./commands/remove.js").then((m) => ({ run: m.removeCommand, help: m.REMOVE_HELP })), summary: "remove documents" },
  inspect: {
    load: async () => import("./commands/inspect.js").then((m) => ({ run: m.inspectCommand, help: m.INSPECT_HELP })),
    summary: "show a document's graph (json, dot, html)",
  },
  ask: { load: async () => import("./commands/ask.js").then((m) => ({ run: m.askCommand, help: m.ASK_HELP })), summary: "answer a question with citations" },
  eval: { load: async () => import("./commands/eval.js").then((m) => ({ run: m.evalCommand, help: m.EVAL_HELP })), summary: "measure methods on a QA dataset" },
  serve: { load: async () => import("./commands/serve.js").then((m) => ({ run: m.serveCommand, help: m.SERVE_HELP })), summary: "HTTP API and web page" },
  mcp: {
    load: async () => import("./commands/mcp.js").then((m) => ({ run: m.mcpCommand, help: m.MCP_HELP })),
    summary: "Model Context Protocol server over stdio",
  },
  vectors: {
    load: async () => import("./commands/vectors.js").then((m) => ({ run: m.vectorsCommand, help: m.VECTORS_HELP })),
    summary: "build or inspect the optional word-vector cache",
  },
  doctor: {
    load: async () => import("./commands/doctor.js").then((m) => ({ run: m.doctorCommand, help: m.DOCTOR_HELP })),
    summary: "check the store, the configuration and a model end to end",
  },
  completion: {
    load: async () =>
      import("./commands/completion.js").then((m) => ({
        run: (argv: readonly string[]) => m.completionCommand(argv, () => completionEntries(m.flagsOfHelp)),
        help: m.COMPLETION_HELP,
      })),
    summary: "print a shell completion script (bash, zsh)",
  },
};

/** Every command with its summary and the flags its help names, for completion scripts. */
async function completionEntries(flagsOfHelp: (help: string) => string[]) {
  return Promise.all(
    Object.entries(COMMANDS).map(async ([name, c]) => ({ name, summary: c.summary, flags: flagsOfHelp((await c.load()).help) })),
  );
}

const HELP = `pecan: answers questions about long documents, with citations

Usage: pecan <command> [options]      pecan <command> --help for details

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join("\n")}

Quick start (offline, no model needed):
  pecan ingest examples/gpl-3.0.txt --db demo.db
  pecan ask "How long must a written offer for the source code stay valid?" --db demo.db

Every command also takes --quiet (-q: errors only on stderr) and --verbose (the resolved
configuration, timings, stacks of internal errors); PECAN_LOG_LEVEL=error|warn|info|debug sets
the default. The store (--db: a SQLite file, or a postgres://user@host:port/db URL) defaults to
$PECAN_DB or ./pecan.db.
${MODEL_HELP}`;

export async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes("--json");
  let log = createLogger();
  try {
    const global = globalOptions(argv, process.env);
    log = createLogger(global.level);
    const [name, ...rest] = global.argv;
    if (name === undefined) {
      // Without a command there is nothing to do: say how to use it, and fail so scripts notice.
      process.stderr.write(HELP);
      return 2;
    }
    if (name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" ? rest[0] : undefined;
      const command = topic ? COMMANDS[topic] : undefined;
      process.stdout.write(command ? (await command.load()).help : HELP);
      return 0;
    }
    if (name === "--version" || name === "-v") {
      process.stdout.write("0.1.0\n");
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}"; try pecan --help`);
    const started = performance.now();
    const status = await (await command.load()).run(rest, log);
    log.debug(`${name}: exit ${status} after ${Math.round(performance.now() - started)} ms`);
    return status;
  } catch (error) {
    return reportError(error, json, log);
  }
}

