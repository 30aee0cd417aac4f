/**
 * Model specs as the CLI, the config file and the environment name them (PECAN.md section 6):
 * `openai:<model>`, `ollama:<model>`, `gguf:<path>`.
 */
import { UsageError } from "../core/errors.js";

/** A parsed model spec. */
export type ModelSpec =
  | { readonly provider: "openai"; readonly model: string }
  | { readonly provider: "ollama"; readonly model: string }
  | { readonly provider: "gguf"; readonly path: string };

/**
 * Parses a spec; everything after the first `:` is the model (names like `qwen2.5:7b` or
 * `ft:gpt-4o-mini:org` keep their colons). `field` names the source in errors.
 * @example parseModelSpec("ollama:qwen2.5:7b") // { provider: "ollama", model: "qwen2.5:7b" }
 */
export function parseModelSpec(text: string, field = "--llm"): ModelSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(":");
  const provider = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const rest = colon < 0 ? "" : trimmed.slice(colon + 1).trim();
  const expected = "expected openai:<model>, ollama:<model> or gguf:<path>";
  if (rest === "") throw new UsageError(`${field}: ${expected}, got "${trimmed}"`, { code: "E_CONFIG" });
  switch (provider.toLowerCase()) {
    case "openai":
      return { provider: "openai", model: rest };
    case "ollama":
      return { provider: "ollama", model: rest };
    case "gguf":
      return { provider: "gguf", path: rest };
    default:
      throw new UsageError(`${field}: unknown provider "${provider}", ${expected}`, { code: "E_CONFIG" });
  }
}

/**
 * The text form of a spec.
 * @example formatModelSpec({ provider: "gguf", path: "/m/x.gguf" }) // "gguf:/m/x.gguf"
 */
export function formatModelSpec(spec: ModelSpec): string {
  return spec.provider === "gguf" ? `gguf:${spec.path}` : `${spec.provider}:${spec.model}`;
}
