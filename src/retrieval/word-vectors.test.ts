import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TINY_CLUSTERS, TINY_DROPPED, writeTinyWinkSource } from "../testing/tiny-vectors.js";
import { convertWinkVectors } from "./word-vectors-convert.js";
import {
  cosine,
  defaultVectorsPath,
  findWordVectors,
  loadWordVectors,
  nearestWords,
  wordsOf,
  type WordVectors,
} from "./word-vectors.js";

const dir = mkdtempSync(join(tmpdir(), "pecan-vectors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const source = writeTinyWinkSource(dir);
const cache = join(dir, "out", "tiny.bin");
const report = await convertWinkVectors(source.path, cache);
const vectors = loadWordVectors(cache);
const all = Object.values(TINY_CLUSTERS).flat();

function unit(v: readonly number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
}

function floatRow(wv: WordVectors, word: string): number[] {
  return Array.from(wv.vector(word)!, (q) => q / wv.scale);
}

const codeOf = (code: string) => expect.objectContaining({ code });

describe("convertWinkVectors + loadWordVectors", () => {
  it("keeps the vocabulary words in frequency order and drops punctuation and upper-case tokens", () => {
    const expected = source.words.filter((w) => !(TINY_DROPPED as readonly string[]).includes(w));
    expect(report).toMatchObject({ path: cache, count: expected.length, dims: 100, sourceWords: source.words.length, droppedTokens: TINY_DROPPED.length });
    expect(vectors.count).toBe(expected.length);
    expect(vectors.dims).toBe(100);
    expect(Array.from({ length: vectors.count }, (_, r) => vectors.wordAt(r))).toEqual(expected);
    for (const token of TINY_DROPPED) expect(vectors.vector(token)).toBeUndefined();
    expect(vectors.rowOf("café")).toBeGreaterThan(0); // written as "caf\u00e9" in the source
    expect(vectors.rowOf("1990")).toBeDefined();
    expect(readFileSync(cache).length).toBe(report.bytes);
  });

  it("round-trips every vector within the int8 rounding error", () => {
    for (const word of all) {
      const original = unit(source.vectors.get(word)!);
      const stored = floatRow(vectors, word);
      for (let d = 0; d < vectors.dims; d++) expect(Math.abs(stored[d]! - original[d]!)).toBeLessThanOrEqual(0.5 / 127 + 1e-6);
      expect(cosine(stored, original)).toBeGreaterThan(0.999);
    }
  });

  it("puts related words closer than unrelated ones", () => {
    const clusters = Object.values(TINY_CLUSTERS);
    let minWithin = 1;
    let maxAcross = -1;
    for (const [i, a] of clusters.entries()) {
      for (const [j, b] of clusters.entries()) {
        for (const x of a) for (const y of b) {
          if (x === y) continue;
          const s = cosine(vectors.vector(x)!, vectors.vector(y)!);
          if (i === j) minWithin = Math.min(minWithin, s);
          else maxAcross = Math.max(maxAcross, s);
        }
      }
    }
    expect(minWithin).toBeGreaterThan(maxAcross + 0.3);
    const near = nearestWords(vectors, vectors.vector("river")!, 3, { exclude: ["river"] }).map((n) => n.word);
    expect(new Set(near)).toEqual(new Set(["lake", "water", "stream"]));
  });

  it("keeps only the maxWords most frequent vocabulary words", async () => {
    const out = join(dir, "three.bin");
    await convertWinkVectors(source.path, out, { maxWords: 3 });
    const three = loadWordVectors(out);
    expect([0, 1, 2].map((r) => three.wordAt(r))).toEqual(["the", "of", "contract"]);
    expect(three.count).toBe(3);
    expect(Array.from(three.vector("contract")!)).toEqual(Array.from(vectors.vector("contract")!));
  });

  it("writes the same bytes whatever the member order, layout or read size", async () => {
    const twin = writeTinyWinkSource(dir, { name: "twin.json", vectorsFirst: true, pretty: true });
    const a = join(dir, "a.bin");
    const b = join(dir, "b.bin");
    await convertWinkVectors(twin.path, a);
    await convertWinkVectors(source.path, b, { chunkBytes: 7 });
    expect(readFileSync(a).equals(readFileSync(cache))).toBe(true);
    expect(readFileSync(b).equals(readFileSync(cache))).toBe(true);
  });

  it("reports progress up to the file size", async () => {
    const seen: number[] = [];
    let total = 0;
    await convertWinkVectors(source.path, join(dir, "p.bin"), {
      chunkBytes: 4096,
      onProgress: (read, size) => {
        seen.push(read);
        total = size;
      },
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(total);
    expect(total).toBe(readFileSync(source.path).length);
  });
});

describe("embedText", () => {
  it("is the unit-length mean of the known words, undefined when none is known", () => {
    expect(vectors.embedText([])).toBeUndefined();
    expect(vectors.embedText(["zzz", "Paris"])).toBeUndefined();
    const one = vectors.embedText(["river", "zzz"])!;
    expect(one).toBeInstanceOf(Float32Array);
    expect(cosine(one, floatRow(vectors, "river"))).toBeCloseTo(1, 5);
    expect(Math.hypot(...one)).toBeCloseTo(1, 5);
    const mean = vectors.embedText(["river", "lake"])!;
    const sum = floatRow(vectors, "river").map((x, d) => x + floatRow(vectors, "lake")[d]!);
    expect(cosine(mean, sum)).toBeCloseTo(1, 5);
  });

  it("weights each occurrence by IDF; repeats count; zero weight drops a word", () => {
    const terms = ["contract", "river"];
    const toRiver = (v: Float32Array): number => cosine(v, vectors.vector("river")!);
    const toContract = (v: Float32Array): number => cosine(v, vectors.vector("contract")!);
    const riverHeavy = vectors.embedText(terms, (t) => (t === "river" ? 5 : 1))!;
    const contractHeavy = vectors.embedText(terms, (t) => (t === "contract" ? 5 : 1))!;
    expect(toRiver(riverHeavy)).toBeGreaterThan(toContract(riverHeavy));
    expect(toContract(contractHeavy)).toBeGreaterThan(toRiver(contractHeavy));
    const repeated = vectors.embedText(["river", "river", "river", "river", "river", "contract"])!;
    expect(cosine(repeated, riverHeavy)).toBeCloseTo(1, 5);
    const dropped = vectors.embedText(terms, (t) => (t === "contract" ? 0 : 2))!;
    expect(cosine(dropped, vectors.vector("river")!)).toBeCloseTo(1, 5);
    expect(vectors.embedText(terms, () => Number.NaN)).toBeUndefined();
  });

  it("embeds related texts closer than unrelated ones", () => {
    const a = vectors.embedText(wordsOf("The lease and the agreement"))!;
    const b = vectors.embedText(wordsOf("A tenant's contracts"))!;
    const c = vectors.embedText(wordsOf("Water in the lake and the river"))!;
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.3);
  });
});

describe("errors", () => {
  const bytes = readFileSync(cache);
  const variant = (name: string, edit: (b: Buffer) => Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, edit(Buffer.from(bytes)));
    return path;
  };

  it("refuses a bad magic, another format version, a wrong size or a broken vocabulary", () => {
    const badMagic = variant("magic.bin", (b) => (b.write("NOTPECAN", 0, "latin1"), b));
    const badVersion = variant("version.bin", (b) => (b.writeUInt32LE(2, 8), b));
    const truncated = variant("short.bin", (b) => b.subarray(0, b.length - 1));
    const tiny = variant("tiny.bin", (b) => b.subarray(0, 10));
    const countOff = variant("count.bin", (b) => (b.writeUInt32LE(b.readUInt32LE(16) - 1, 16), b.writeUInt32LE(b.readUInt32LE(24) + 100, 24), b));
    for (const path of [badMagic, badVersion, truncated, tiny, countOff]) expect(() => loadWordVectors(path)).toThrow(codeOf("E_INPUT_MALFORMED"));
  });

  it("says E_FILE_UNREADABLE for a missing cache or source", async () => {
    expect(() => loadWordVectors(join(dir, "missing.bin"))).toThrow(codeOf("E_FILE_UNREADABLE"));
    await expect(convertWinkVectors(join(dir, "missing.json"), join(dir, "x.bin"))).rejects.toThrow(codeOf("E_FILE_UNREADABLE"));
    await expect(convertWinkVectors(dir, join(dir, "x.bin"))).rejects.toThrow(codeOf("E_FILE_UNREADABLE"));
  });

  it("says E_INPUT_MALFORMED for a source that is not wink vectors", async () => {
    const write = (name: string, text: string): string => (writeFileSync(join(dir, name), text), join(dir, name));
    const text = readFileSync(source.path, "utf8");
    const cases = [
      write("cut.json", text.slice(0, text.length - 40)),
      write("nowords.json", JSON.stringify({ dimensions: 2, vectors: { a: [1, 0, 1, 0] } })),
      write("novectors.json", JSON.stringify({ dimensions: 2, words: ["a"], vectors: {} })),
      write("ragged.json", JSON.stringify({ dimensions: 2, words: ["a", "b"], vectors: { a: [1, 0, 1, 0], b: [1, 0, 1] } })),
      write("strings.json", JSON.stringify({ dimensions: 2, words: ["a"], vectors: { a: [1, "x", 1, 0] } })),
      write("dims.json", JSON.stringify({ dimensions: 5, words: ["a"], vectors: { a: [1, 0, 1, 0] } })),
    ];
    for (const path of cases) await expect(convertWinkVectors(path, join(dir, "y.bin"))).rejects.toThrow(codeOf("E_INPUT_MALFORMED"));
  });
});

describe("wordsOf", () => {
  it("gives raw lower-case words without stop words or possessives", () => {
    expect(wordsOf("The Contracts were terminated.")).toEqual(["contracts", "terminated"]);
    expect(wordsOf("The tenant’s lease, in Zürich, ends in 2031; O'Neill's café")).toEqual(["tenant", "lease", "zürich", "ends", "2031", "o'neill", "café"]);
    expect(wordsOf("")).toEqual([]);
  });
});

describe("cosine", () => {
  it("is 1 for parallel, -1 for opposite, 0 with a zero vector", () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 10);
    expect(cosine(new Int8Array([1, -2]), new Float32Array([-1, 2]))).toBeCloseTo(-1, 6);
    expect(cosine([0, 0], [1, 2])).toBe(0);
    expect(() => cosine([1], [1, 2])).toThrow(codeOf("E_INTERNAL"));
  });
});

describe("defaultVectorsPath / findWordVectors", () => {
  it("prefers $PECAN_VECTORS, then an absolute $XDG_CACHE_HOME, then ~/.cache", () => {
    expect(defaultVectorsPath({ PECAN_VECTORS: "/v/x.bin", XDG_CACHE_HOME: "/xdg" }, "/home/u")).toBe("/v/x.bin");
    expect(defaultVectorsPath({ XDG_CACHE_HOME: "/xdg" }, "/home/u")).toBe("/xdg/pecan/glove-100d-int8.bin");
    expect(defaultVectorsPath({ XDG_CACHE_HOME: "relative" }, "/home/u")).toBe("/home/u/.cache/pecan/glove-100d-int8.bin");
    expect(defaultVectorsPath({ PECAN_VECTORS: "" }, "/home/u")).toBe("/home/u/.cache/pecan/glove-100d-int8.bin");
  });

  it("finds the file only when it is there", () => {
    expect(findWordVectors({ PECAN_VECTORS: cache })).toBe(cache);
    expect(findWordVectors({ PECAN_VECTORS: join(dir, "nope.bin") })).toBeUndefined();
    const xdg = join(dir, "xdg");
    mkdirSync(join(xdg, "pecan"), { recursive: true });
    expect(findWordVectors({ XDG_CACHE_HOME: xdg }, dir)).toBeUndefined();
    writeFileSync(join(xdg, "pecan", "glove-100d-int8.bin"), readFileSync(cache));
    expect(findWordVectors({ XDG_CACHE_HOME: xdg }, dir)).toBe(join(xdg, "pecan", "glove-100d-int8.bin"));
  });
});
