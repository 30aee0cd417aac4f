/** `pecan mcp`: Pecan as a Model Context Protocol server over stdio, for AI agents. */
import { realRoots, runMcpStdio } from "../../mcp/index.js";
import { boolFlag, DB_FLAG, parseFlags, stringList, type Options } from "../args.js";
import { CACHE_FLAG, CACHE_HELP, LLM_FLAGS, openEngine } from "../open-engine.js";
import { createLogger, type Logger } from "../log.js";

export const MCP_HELP = `pecan mcp [--db PATH] [--allow DIR]...

Runs a Model Context Protocol server over stdio (standard output carries protocol messages only;
diagnostics go to standard error). Tools:
  ingest           store a document: { text, title?, docId? } or { path } (under the allowed roots)
  list_documents   the stored documents
  ask              { question, docIds?, budget?, patience?, maxSteps?, fill? } -> the answer with citations
  read_passage     { docId, start, end, context? } -> the text around a citation
  remove_document  { docId } -> deletes a document
Resources: pecan://documents/{docId}, each stored document's text.

ingest reads a path only when its real path (links resolved) lies under the allowed roots: the
--allow directories, and the roots the client declares (roots/list); when both are given, under
one of each; when neither, the working directory (nothing when that is /). Hidden files are
refused, and links that lead out are not followed.

Client configuration, e.g. for Claude Desktop or any MCP client:
  { "command": "pecan", "args": ["mcp", "--db", "/path/to/pecan.db", "--allow", "/path/to/docs"] }

Options:
  --db PATH    store file (default: $PECAN_DB or ./pecan.db)
  --allow DIR  a directory ingest may read (repeatable; default: the working directory)
  --llm SPEC   judge and answer with a chat model (openai:<model>, ollama:<model>, gguf:<path>)
${CACHE_HELP}
`;

const OPTIONS: Options = { ...DB_FLAG, ...LLM_FLAGS, ...CACHE_FLAG, allow: { type: "string", multiple: true } };

/** Sends console output meant for people to standard error: stdout belongs to the protocol. */
function keepStdoutForProtocol(): void {
  const toStderr = (...args: unknown[]): void => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}

export async function mcpCommand(argv: readonly string[], log: Logger = createLogger()): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS, false);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(MCP_HELP);
    return 0;
  }
  keepStdoutForProtocol();
  const cwd = process.cwd();
  const allow = await realRoots(stringList(parsed, "allow"), cwd);
  const engine = await openEngine(parsed, {}, log);
  log.debug(`mcp: ingest may read under ${allow.length > 0 ? allow.join(", ") : `${cwd} (the working directory)`} and the client's roots`);
  try {
    await Promise.race([
      runMcpStdio(engine, { allow, cwd }),
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
