/**
 * OpenAI's o200k_base tokenizer (gpt-tokenizer), loaded on first use: its rank table takes a
 * fresh process a few hundred milliseconds to build, and most commands (`pecan list`, a
 * model-free `pecan ask`) never count a token. Loaded synchronously through `require` (the
 * package's CommonJS build), so counting stays a plain function call. One copy per process,
 * made as the package's `encoding/o200k_base` module makes its own (`GptEncoding` over the
 * published ranks), so that this module holds the encoding and can lend its string rank table
 * to `ingest/o200k-merge.ts`.
 */
import { createRequire } from "node:module";
import type * as O200kModule from "gpt-tokenizer/encoding/o200k_base";

/** What Pecan uses of the encoding. */
export type O200k = Pick<typeof O200kModule, "countTokens" | "encode" | "decode" | "clearMergeCache">;

interface GptEncodingClass {
  getEncodingApi(name: string, ranks: () => unknown): O200k;
}

let loaded: O200k | undefined;

/** The tokenizer, loaded on the first call. */
export function o200k(): O200k {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    const { GptEncoding } = require("gpt-tokenizer/GptEncoding") as { GptEncoding: GptEncodingClass };
    const ranks = (require("gpt-tokenizer/bpeRanks/o200k_base") as { default: unknown }).default;
    loaded = GptEncoding.getEncodingApi("o200k_base", () => ranks);
  }
  return loaded;
}

let stringRanks: ReadonlyMap<string, number> | null | undefined;

/**
 * The encoding's rank of every token that is a valid string (all ASCII tokens among them), or
 * undefined when this version of the package keeps it elsewhere: the table is a private field
 * of gpt-tokenizer 3 (`bytePairEncodingCoreProcessor.bytePairStringRankEncoder`), so callers
 * fall back to `countTokens` without it (a test fails if it goes missing).
 */
export function o200kStringRanks(): ReadonlyMap<string, number> | undefined {
  if (stringRanks === undefined) {
    const core = (o200k() as unknown as { bytePairEncodingCoreProcessor?: { bytePairStringRankEncoder?: unknown } }).bytePairEncodingCoreProcessor;
    const table = core?.bytePairStringRankEncoder;
    stringRanks = table instanceof Map && table.get("the") !== undefined ? (table as ReadonlyMap<string, number>) : null;
  }
  return stringRanks ?? undefined;
}

let splitRegex: RegExp | undefined;

/** The tokenizer's pre-tokenising split (its published `O200K_TOKEN_SPLIT_REGEX`). */
export function o200kSplit(): RegExp {
  splitRegex ??= (createRequire(import.meta.url)("gpt-tokenizer/encodingParams/constants") as { O200K_TOKEN_SPLIT_REGEX: RegExp }).O200K_TOKEN_SPLIT_REGEX;
  return splitRegex;
}
