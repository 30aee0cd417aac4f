/**
 * The stored question-time data's term dictionary and document frequencies, read without
 * building a `Map` of every term: a question looks up only its own terms (`get`, `has`), so a
 * cold process decodes 16 documents of thousands of terms each without mapping them all.
 * (Each unit's term frequencies: `term-major.ts`.)
 */

import { StoreError } from "../core/errors.js";

/**
 * The error for a stored term id past the dictionary. Ids are checked where they are first read
 * (iteration, the frequency table), not all at decoding.
 */
export function termOutsideDictionary(): StoreError {
  return new StoreError("E_STORE", "the store is corrupt: question-time data names a term outside its dictionary");
}

/** How many looked-up terms a dictionary remembers before it starts afresh. */
const FOUND_TERMS = 512;

/**
 * A document's terms by id, over the stored dictionary (the terms joined by NUL). A question
 * looks up a handful of terms in each of up to 16 documents of thousands of terms, so a lookup
 * searches the joined text and counts the separators before the match (their positions found
 * once); the terms are split into strings only if something reads them by id (iteration).
 * Splitting and mapping every term of every document opened was a large part of a cold decode.
 */
export class TermDictionary {
  /** The joined terms between separators: `\0term\0term\0`, so a whole term is `\0term\0`. */
  private readonly padded: string;
  /** Positions of the separators in `padded` (built on first lookup); term i starts after the i-th. */
  private separators: Uint32Array | undefined;
  private split: readonly string[] | undefined;
  /** Terms looked up lately (a question's few, each looked up several times), with their ids. */
  private readonly found = new Map<string, number | undefined>();
  readonly size: number;

  private constructor(joined: string, size: number) {
    this.padded = `\0${joined}\0`;
    this.size = size;
  }

  /** A dictionary of terms given as strings. */
  static of(terms: readonly string[]): TermDictionary {
    return new TermDictionary(terms.join("\0"), terms.length);
  }

  /** The stored dictionary of `size` terms joined by NUL, or undefined if it holds another number of terms. */
  static stored(joined: string, size: number): TermDictionary | undefined {
    if (size === 0) return joined.length === 0 ? new TermDictionary("", 0) : undefined;
    const dictionary = new TermDictionary(joined, size);
    const separators = dictionary.findSeparators();
    // The (size + 1)-th separator found in order must be the padding's last one: no more, no fewer.
    if (separators[size] !== dictionary.padded.length - 1) return undefined;
    dictionary.separators = separators;
    return dictionary;
  }

  idOf(term: string): number | undefined {
    if (this.found.has(term)) return this.found.get(term);
    const id = this.search(term);
    // Bounded: a serving process keeps a document decoded across many questions.
    if (this.found.size >= FOUND_TERMS) this.found.clear();
    this.found.set(term, id);
    return id;
  }

  private search(term: string): number | undefined {
    if (this.size === 0 || term.length === 0 || term.includes("\0")) return undefined;
    const at = this.padded.indexOf(`\0${term}\0`);
    if (at < 0) return undefined;
    const separators = (this.separators ??= this.findSeparators());
    let lo = 0;
    let hi = separators.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((separators[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The term of a stored id (`E_STORE` past the dictionary). */
  termAt(id: number): string {
    const term = (this.split ??= this.size === 0 ? [] : this.padded.slice(1, -1).split("\0"))[id];
    if (term === undefined) throw termOutsideDictionary();
    return term;
  }

  private findSeparators(): Uint32Array {
    const out = new Uint32Array(this.size + 1);
    let n = 0;
    for (let i = this.padded.indexOf("\0"); i >= 0 && n < out.length; i = this.padded.indexOf("\0", i + 1)) out[n++] = i;
    return out;
  }
}

/**
 * `ReadonlyMap<string, number>` of document frequencies over the blob's (term id, count) pairs:
 * a question looks up a few terms, so no `Map` of the document's thousands of terms is built.
 * Iteration follows the stored order (the order of the map that was encoded).
 */
export class CompactDf implements ReadonlyMap<string, number> {
  /** count + 1 by term id (0: absent), filled on the first lookup. */
  private byId: Uint32Array | undefined;
  constructor(
    private readonly dictionary: TermDictionary,
    private readonly termIds: Uint32Array,
    private readonly counts: Uint32Array,
  ) {}

  get size(): number {
    return this.termIds.length;
  }

  get(term: string): number | undefined {
    const id = this.dictionary.idOf(term);
    if (id === undefined) return undefined;
    if (this.byId === undefined) {
      const byId = new Uint32Array(this.dictionary.size);
      for (let k = 0; k < this.termIds.length; k++) {
        const stored = this.termIds[k] as number;
        if (stored >= byId.length) throw termOutsideDictionary();
        byId[stored] = (this.counts[k] as number) + 1;
      }
      this.byId = byId;
    }
    const stored = this.byId[id] as number;
    return stored === 0 ? undefined : stored - 1;
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  *entries(): MapIterator<[string, number]> {
    for (let k = 0; k < this.termIds.length; k++) yield [this.dictionary.termAt(this.termIds[k] as number), this.counts[k] as number];
  }

  *keys(): MapIterator<string> {
    for (const [term] of this.entries()) yield term;
  }

  *values(): MapIterator<number> {
    for (let k = 0; k < this.counts.length; k++) yield this.counts[k] as number;
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const [term, count] of this.entries()) callback.call(thisArg, count, term, this);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}
