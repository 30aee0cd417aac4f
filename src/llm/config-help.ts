/** The `--help` block of the LLM options, shared by every command that takes `--llm`. */

/** Help text for `--llm`, `--embed`, their environment variables and the config file. */
export const LLM_HELP = `Models (without --llm every signal uses the model-free tier: offline, deterministic):
  --llm SPEC      chat model for summaries, judge and reader
  --embed SPEC    embedding model for relevance
  SPEC is one of
    openai:<model>  an OpenAI-compatible server: OpenAI, vLLM, llama.cpp server, LM Studio
    ollama:<model>  a local Ollama server (run \`ollama pull <model>\` first)
    gguf:<path>     a GGUF file run inside Pecan (needs the optional package node-llama-cpp)

Environment:
  PECAN_LLM, PECAN_EMBED  defaults for --llm and --embed
  OPENAI_BASE_URL         server of openai: specs (default https://api.openai.com/v1; /v1 optional)
  OPENAI_API_KEY          its key (never printed or logged)
  OLLAMA_HOST             Ollama's address (default 127.0.0.1:11434)
  PECAN_CONFIG            config file (default ./pecan.config.json)

Config file (pecan.config.json; every field optional):
  { "llm": "openai:gpt-4o-mini", "embed": "openai:text-embedding-3-small",
    "openai": { "baseURL": "...", "apiKeyEnv": "OPENAI_API_KEY", "timeoutMs": 60000,
                "maxRetries": 3, "concurrency": 4 },
    "ollama": { "baseURL": "http://127.0.0.1:11434" },
    "gguf":   { "contextSize": 4096, "gpu": false },
    "limits": { "maxTokensPerCall": 8000, "maxTokensPerQuestion": 50000 } }
  Precedence: flags > environment > config file > defaults. Keys never go in the file.`;
