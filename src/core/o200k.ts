/**
 * OpenAI's o200k_base tokenizer (gpt-tokenizer), loaded on first use: its rank table takes a
 * fresh process a few hundred milliseconds to build, and most commands (`pecan list`, a
 * model-free `pecan ask`) never count a token. Loaded synchronously through `require` (the
 * package's CommonJS build), so counting stays a plain function call. One copy per process,
 * as an `import` would be.
 */
import { createRequire } from "node:module";
import type * as O200kModule from "gpt-tokenizer/encoding/o200k_base";

type O200k = typeof O200kModule;

let loaded: O200k | undefined;

/** The tokenizer module, loaded on the first call. */
export function o200k(): O200k {
  loaded ??= createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as O200k;
  return loaded;
}

let splitRegex: RegExp | undefined;

/** The tokenizer's pre-tokenising split (its published `O200K_TOKEN_SPLIT_REGEX`). */
export function o200kSplit(): RegExp {
  splitRegex ??= (createRequire(import.meta.url)("gpt-tokenizer/encodingParams/constants") as { O200K_TOKEN_SPLIT_REGEX: RegExp }).O200K_TOKEN_SPLIT_REGEX;
  return splitRegex;
}
