/**
 * LLM configuration: `--llm` / `--embed` flags, environment variables, and the `pecan.config.json`
 * file (validated with zod), with precedence flags > environment > file > defaults. Secrets
 * come only from the environment and are never printed.
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "../core/errors.js";
import { parseModelSpec, formatModelSpec, type ModelSpec } from "./model-spec.js";
import { DEFAULT_OLLAMA, ollamaBaseURL } from "./ollama.js";
import { DEFAULT_OPENAI, normalizeBaseURL } from "./openai-compatible.js";
import { safeUrl } from "./provider-errors.js";
import { keyIsOptional } from "./api-key.js";

/** The default config file name, looked up in the working directory. */
export const CONFIG_FILE_NAME = "pecan.config.json";

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();
const httpSection = {
  baseURL: z.string().min(1).optional(),
  timeoutMs: positiveInt.optional(),
  maxRetries: nonNegativeInt.optional(),
  concurrency: positiveInt.optional(),
};

/**
 * `pecan.config.json`. Every section is the LLM configuration's; an unknown field anywhere,
 * at the top level too, is an error naming its path, so a typo (`"limts"`) is not silently
 * ignored. `$schema` is allowed for editors.
 */
export const LlmConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  llm: z.string().min(1).optional(),
  embed: z.string().min(1).optional(),
  openai: z
    .strictObject({
      ...httpSection,
      /** Name of the environment variable holding the key (default OPENAI_API_KEY). */
      apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name").optional(),
    })
    .optional(),
  ollama: z.strictObject(httpSection).optional(),
  gguf: z
    .strictObject({
      contextSize: positiveInt.optional(),
      embeddingContextSize: positiveInt.optional(),
      gpu: z.boolean().optional(),
      threads: positiveInt.optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      maxTokensPerCall: positiveInt.optional(),
      maxTokensPerQuestion: positiveInt.optional(),
    })
    .optional(),
  judge: z
    .strictObject({
      first: z.number().int().nonnegative().optional(),
      growth: z.number().min(1).max(100).optional(),
      threshold: z.number().min(0).max(1).optional(),
    })
    .optional(),
});
export type LlmConfigFile = z.infer<typeof LlmConfigFileSchema>;

/** Where a setting came from. */
export type ConfigSource = "flag" | "env" | "file" | "default";

/** Resolved LLM configuration; plain data handed to the provider factories. */
export interface LlmConfig {
  /** Chat model; absent: the model-free tier. */
  readonly llm?: ModelSpec;
  /** Embedding model; absent: no embeddings. */
  readonly embed?: ModelSpec;
  readonly openai: {
    readonly baseURL: string;
    /** Never printed; see `describeConfig`. */
    readonly apiKey?: string;
    readonly apiKeyEnv: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    readonly concurrency: number;
  };
  readonly ollama: {
    readonly baseURL: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    readonly concurrency: number;
  };
  readonly gguf: {
    readonly contextSize?: number;
    readonly embeddingContextSize?: number;
    readonly gpu: boolean;
    readonly threads?: number;
  };
  readonly limits: {
    readonly maxTokensPerCall?: number;
    readonly maxTokensPerQuestion?: number;
  };
  /**
   * The LLM judge: asked first after `first` context tokens, then each time the context has
   * grown by `growth` (1: after every step); "sufficient" at P(yes) >= `threshold`. Absent
   * fields keep the judge's defaults.
   */
  readonly judge: {
    readonly first?: number;
    readonly growth?: number;
    readonly threshold?: number;
  };
  /** Where `llm`, `embed`, `openai.baseURL`, `openai.apiKey` and `ollama.baseURL` came from. */
  readonly sources: Readonly<Record<"llm" | "embed" | "openai.baseURL" | "openai.apiKey" | "ollama.baseURL", ConfigSource>>;
}

/** Inputs of {@link resolveLlmConfig}. */
export interface LlmConfigInputs {
  readonly flags?: { readonly llm?: string; readonly embed?: string };
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON of the config file, if any. */
  readonly file?: unknown;
  /** The file's path: names it in errors; relative `gguf:` paths in it resolve from its folder. */
  readonly filePath?: string;
  /** Relative `gguf:` paths from flags and environment resolve from here. Default `process.cwd()`. */
  readonly cwd?: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function pick<T>(candidates: readonly [T | undefined, ConfigSource][], fallback: T): [T, ConfigSource] {
  for (const [value, source] of candidates) if (value !== undefined) return [value, source];
  return [fallback, "default"];
}

function specFrom(text: string, field: string, baseDir: string): ModelSpec {
  const spec = parseModelSpec(text, field);
  if (spec.provider !== "gguf" || isAbsolute(spec.path)) return spec;
  return { provider: "gguf", path: resolve(baseDir, spec.path) };
}

function checkedUrl(value: string, field: string, normalise: (url: string) => string): string {
  try {
    return normalise(value);
  } catch (cause) {
    throw new UsageError(`${field}: not a valid http(s) URL`, { code: "E_CONFIG", cause });
  }
}

/** The fields the schema knows at a path of the file (the top level, or a section). */
function knownKeys(path: readonly string[]): string[] {
  const top = LlmConfigFileSchema.shape;
  if (path.length === 0) return Object.keys(top);
  const section = top[path[0] as keyof typeof top];
  const inner = section instanceof z.ZodOptional ? section.unwrap() : section;
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

/**
 * Validates a parsed config file; errors name the file and the field.
 * @example parseConfigFile({ limits: { maxTokensPerCall: 8000 } }, "pecan.config.json")
 */
export function parseConfigFile(value: unknown, label = CONFIG_FILE_NAME): LlmConfigFile {
  const parsed = LlmConfigFileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue?.path.map(String) ?? [];
  let path = at.length === 0 ? "(top level)" : at.join(".");
  let message = issue?.message ?? "invalid";
  if (issue?.code === "unrecognized_keys") {
    path = issue.keys.map((key) => [...at, key].join(".")).join(", ");
    message = issue.keys.length === 1 ? "unknown field" : "unknown fields";
    if (issue.keys.includes("apiKey")) message += " (keys go in an environment variable; name it with openai.apiKeyEnv)";
    else message += ` (known here: ${knownKeys(at).join(", ")})`;
  }
  throw new UsageError(`${label}: ${path}: ${message}`, { code: "E_CONFIG" });
}

/**
 * Resolves the LLM configuration with precedence flags > environment > file > defaults.
 * Invalid values throw `UsageError` with code `E_CONFIG` naming the field.
 * @example resolveLlmConfig({ flags: { llm: "ollama:llama3.2" }, env: process.env })
 */
export function resolveLlmConfig(inputs: LlmConfigInputs = {}): LlmConfig {
  const env = inputs.env ?? {};
  const cwd = inputs.cwd ?? process.cwd();
  const label = inputs.filePath ?? CONFIG_FILE_NAME;
  const file = inputs.file === undefined ? {} : parseConfigFile(inputs.file, label);
  const fileDir = inputs.filePath !== undefined ? dirname(resolve(cwd, inputs.filePath)) : cwd;

  const specAt = (flag: string | undefined, envName: string, fromFile: string | undefined, flagName: string, fileField: string) => {
    if (flag !== undefined) return { spec: specFrom(flag, flagName, cwd), source: "flag" as const };
    const fromEnv = nonEmpty(env[envName]);
    if (fromEnv !== undefined) return { spec: specFrom(fromEnv, envName, cwd), source: "env" as const };
    if (fromFile !== undefined) return { spec: specFrom(fromFile, `${label}: ${fileField}`, fileDir), source: "file" as const };
    return { spec: undefined, source: "default" as const };
  };
  const llm = specAt(inputs.flags?.llm, "PECAN_LLM", file.llm, "--llm", "llm");
  const embed = specAt(inputs.flags?.embed, "PECAN_EMBED", file.embed, "--embed", "embed");

  const [openaiRaw, openaiSource] = pick<string>(
    [
      [nonEmpty(env.OPENAI_BASE_URL), "env"],
      [file.openai?.baseURL, "file"],
    ],
    DEFAULT_OPENAI.baseURL,
  );
  const openaiField = openaiSource === "env" ? "OPENAI_BASE_URL" : `${label}: openai.baseURL`;
  const apiKeyEnv = file.openai?.apiKeyEnv ?? "OPENAI_API_KEY";
  const apiKey = nonEmpty(env[apiKeyEnv]);

  const [ollamaRaw, ollamaSource] = pick<string>(
    [
      [nonEmpty(env.OLLAMA_HOST), "env"],
      [file.ollama?.baseURL, "file"],
    ],
    DEFAULT_OLLAMA.baseURL,
  );
  const ollamaField = ollamaSource === "env" ? "OLLAMA_HOST" : `${label}: ollama.baseURL`;

  const limits = file.limits ?? {};
  const judge = file.judge ?? {};
  return {
    ...(llm.spec !== undefined ? { llm: llm.spec } : {}),
    ...(embed.spec !== undefined ? { embed: embed.spec } : {}),
    openai: {
      baseURL: checkedUrl(openaiRaw, openaiField, normalizeBaseURL),
      ...(apiKey !== undefined ? { apiKey } : {}),
      apiKeyEnv,
      timeoutMs: file.openai?.timeoutMs ?? DEFAULT_OPENAI.timeoutMs,
      maxRetries: file.openai?.maxRetries ?? DEFAULT_OPENAI.maxRetries,
      concurrency: file.openai?.concurrency ?? DEFAULT_OPENAI.concurrency,
    },
    ollama: {
      baseURL: checkedUrl(ollamaRaw, ollamaField, (u) => normalizeBaseURL(ollamaBaseURL(u)).replace(/\/v1$/, "")),
      timeoutMs: file.ollama?.timeoutMs ?? DEFAULT_OLLAMA.timeoutMs,
      maxRetries: file.ollama?.maxRetries ?? DEFAULT_OLLAMA.maxRetries,
      concurrency: file.ollama?.concurrency ?? DEFAULT_OLLAMA.concurrency,
    },
    gguf: {
      ...(file.gguf?.contextSize !== undefined ? { contextSize: file.gguf.contextSize } : {}),
      ...(file.gguf?.embeddingContextSize !== undefined ? { embeddingContextSize: file.gguf.embeddingContextSize } : {}),
      gpu: file.gguf?.gpu ?? false,
      ...(file.gguf?.threads !== undefined ? { threads: file.gguf.threads } : {}),
    },
    limits: {
      ...(limits.maxTokensPerCall !== undefined ? { maxTokensPerCall: limits.maxTokensPerCall } : {}),
      ...(limits.maxTokensPerQuestion !== undefined ? { maxTokensPerQuestion: limits.maxTokensPerQuestion } : {}),
    },
    judge: {
      ...(judge.first !== undefined ? { first: judge.first } : {}),
      ...(judge.growth !== undefined ? { growth: judge.growth } : {}),
      ...(judge.threshold !== undefined ? { threshold: judge.threshold } : {}),
    },
    sources: {
      llm: llm.source,
      embed: embed.source,
      "openai.baseURL": openaiSource,
      "openai.apiKey": apiKey !== undefined ? "env" : "default",
      "ollama.baseURL": ollamaSource,
    },
  };
}

/** Options of {@link loadLlmConfig}. */
export interface LoadLlmConfigOptions {
  readonly flags?: { readonly llm?: string; readonly embed?: string };
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** An explicit config file (must exist); default `PECAN_CONFIG`, else `./pecan.config.json` if present. */
  readonly configPath?: string;
  readonly cwd?: string;
}

/**
 * Reads the config file (if any) and resolves the configuration.
 * @example const config = await loadLlmConfig({ flags: { llm: args.llm }, env: process.env });
 */
export async function loadLlmConfig(options: LoadLlmConfigOptions = {}): Promise<LlmConfig> {
  const env = options.env ?? {};
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configPath ?? nonEmpty(env.PECAN_CONFIG);
  const filePath = resolve(cwd, explicit ?? CONFIG_FILE_NAME);
  let text: string | undefined;
  try {
    text = await readFile(filePath, "utf8");
  } catch (cause) {
    const missing = (cause as { code?: unknown }).code === "ENOENT";
    if (explicit !== undefined || !missing) {
      throw new UsageError(`cannot read the config file ${filePath}`, { code: "E_CONFIG", cause });
    }
  }
  let file: unknown;
  if (text !== undefined) {
    try {
      file = JSON.parse(text) as unknown;
    } catch (cause) {
      throw new UsageError(`${filePath}: not valid JSON`, { code: "E_CONFIG", cause });
    }
  }
  return resolveLlmConfig({
    ...(options.flags !== undefined ? { flags: options.flags } : {}),
    env,
    ...(text !== undefined ? { file, filePath } : {}),
    cwd,
  });
}

/**
 * A human-readable summary of the configuration, safe to print: the API key shows only as
 * set or not set, URLs lose credentials and query strings.
 */
export function describeConfig(config: LlmConfig): string {
  const spec = (s: ModelSpec | undefined, none: string) => (s === undefined ? none : formatModelSpec(s));
  const o = config.openai;
  const g = config.gguf;
  const l = config.limits;
  return [
    `llm: ${spec(config.llm, "none (model-free tier)")} [${config.sources.llm}]`,
    `embed: ${spec(config.embed, "none")} [${config.sources.embed}]`,
    `openai: ${safeUrl(o.baseURL)} [${config.sources["openai.baseURL"]}], key ${o.apiKey !== undefined ? `set (${o.apiKeyEnv})` : `not set (${o.apiKeyEnv}; ${keyIsOptional(o.baseURL) ? "optional for a local server" : "required for this server"})`}, timeout ${o.timeoutMs} ms, ${o.maxRetries} retries, ${o.concurrency} at once`,
    `ollama: ${safeUrl(config.ollama.baseURL)} [${config.sources["ollama.baseURL"]}], timeout ${config.ollama.timeoutMs} ms, ${config.ollama.maxRetries} retries, ${config.ollama.concurrency} at once`,
    `gguf: context ${g.contextSize ?? "default"}, ${g.gpu ? "gpu if available" : "cpu"}${g.threads !== undefined ? `, ${g.threads} threads` : ""}`,
    `limits: ${l.maxTokensPerCall ?? "no"} tokens per call, ${l.maxTokensPerQuestion ?? "no"} tokens per question`,
    `judge: first after ${config.judge.first ?? "the default"} tokens, growth ${config.judge.growth ?? "default"}, threshold ${config.judge.threshold ?? "default"}`,
  ].join("\n");
}
