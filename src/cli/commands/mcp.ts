/** `pecan mcp`: Pecan as a Model Context Protocol server over stdio, for AI agents. */
import { runMcpStdio } from "../../server/index.js";
import { boolFlag, DB_FLAG, parseFlags, type Options } from "../args.js";
import { LLM_FLAGS, openEngine } from "../open-engine.js";

export const MCP_HELP = `pecan mcp [--db PATH]

Runs a Model Context Protocol server over stdio (standard output carries protocol messages only;
diagnostics go to standard error). Tools:
  ingest          store a document: { text, title?, docId? } or { path }
  list_documents  the stored documents
  ask             { question, docIds?, budget?, patience?, maxSteps?, fill? } -> the answer with citations

Client configuration, e.g. for Claude Desktop or any MCP client:
  { "command": "pecan", "args": ["mcp", "--db", "/path/to/pecan.db"] }

Options:
  --db PATH    store file (default: $PECAN_DB or ./pecan.db)
  --llm SPEC   judge and answer with a chat model (openai:<model>, ollama:<model>, gguf:<path>)
`;

const OPTIONS: Options = { ...DB_FLAG, ...LLM_FLAGS };

/** Sends console output meant for people to standard error: stdout belongs to the protocol. */
function keepStdoutForProtocol(): void {
  const toStderr = (...args: unknown[]): void => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}

export async function mcpCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS, false);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(MCP_HELP);
    return 0;
  }
  keepStdoutForProtocol();
  const engine = await openEngine(parsed);
  try {
    await Promise.race([
      runMcpStdio(engine),
      new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      }),
    ]);
    return 0;
  } finally {
    await engine.close();
  }
}
