/** `pecan serve`: the HTTP API and the web page, on 127.0.0.1 by default. */
import { UsageError } from "../../index.js";
import { startServer, corsOrigin as checkedOrigin, DEFAULT_SERVER } from "../../server/index.js";
import { boolFlag, DB_FLAG, intFlag, parseFlags, stringFlag, type Options } from "../args.js";
import { CACHE_FLAG, CACHE_HELP, LLM_FLAGS, openEngine } from "../open-engine.js";
import { createLogger, type Logger } from "../log.js";

export const SERVE_HELP = `pecan serve [--db PATH] [--host 127.0.0.1] [--port 8080] [--token T] [--cors ORIGIN]

Serves the HTTP API and a web page: upload or paste documents, ask questions, watch the walk
step by step, and read the answer with its citations highlighted in the document.

Options:
  --db PATH             store file (default: $PECAN_DB or ./pecan.db)
  --host HOST           address to bind (default 127.0.0.1: this machine only)
  --port N              port (default 8080; 0 picks a free one)
  --token T             require this bearer token on every route (default: $PECAN_TOKEN);
                        the page takes it once as ?token=T and keeps it in a session cookie
  --cors ORIGIN         let this one origin (e.g. http://localhost:5173) call the API from a
                        browser, preflight included (default: no cross-origin access)
  --max-upload-bytes N  largest upload accepted (default 67108864)
${CACHE_HELP}
  --llm SPEC            judge and answer with a chat model (openai:<model>, ollama:<model>, gguf:<path>)

Routes: POST/GET /documents, GET/DELETE /documents/:id, GET /documents/:id/graph,
POST /ask, POST /ask/stream (Server-Sent Events), POST /v1/chat/completions and GET /v1/models
(OpenAI-compatible), GET /openapi.json. See docs/server.md.
`;

const OPTIONS: Options = {
  ...DB_FLAG,
  ...LLM_FLAGS,
  ...CACHE_FLAG,
  host: { type: "string" },
  port: { type: "string" },
  token: { type: "string" },
  cors: { type: "string" },
  "max-upload-bytes": { type: "string" },
};

/** Resolves on the first SIGINT or SIGTERM. */
function interrupted(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string): void => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

export async function serveCommand(argv: readonly string[], log: Logger = createLogger()): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS, false);
  if (boolFlag(parsed, "help")) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const host = stringFlag(parsed, "host") ?? DEFAULT_SERVER.host;
  const port = intFlag(parsed, "port", DEFAULT_SERVER.port, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const maxUploadBytes = intFlag(parsed, "max-upload-bytes", DEFAULT_SERVER.maxUploadBytes);
  const token = stringFlag(parsed, "token") ?? process.env.PECAN_TOKEN;
  if (token !== undefined && token.trim().length === 0) throw new UsageError("--token (or PECAN_TOKEN) is empty");
  const cors = stringFlag(parsed, "cors");
  const corsOrigin = cors !== undefined ? checkedOrigin(cors) : undefined;
  const engine = await openEngine(parsed, { load: { maxBytes: maxUploadBytes } }, log);
  try {
    const server = await startServer({
      engine,
      host,
      port,
      maxUploadBytes,
      ...(token !== undefined ? { token } : {}),
      ...(corsOrigin !== undefined ? { corsOrigin } : {}),
    });
    process.stdout.write(`pecan is serving ${server.url}\n`);
    if (corsOrigin !== undefined) process.stdout.write(`cross-origin requests are allowed from ${corsOrigin}\n`);
    if (token !== undefined) process.stdout.write(`a token is required: open ${server.url}?token=<token> once in the browser\n`);
    else if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
      log.warn(`${host} may be reachable from other machines and no --token is set`);
    }
    process.stdout.write("press Ctrl-C to stop\n");
    await interrupted();
    await server.close();
    process.stdout.write("stopped\n");
    return 0;
  } finally {
    await engine.close();
  }
}
