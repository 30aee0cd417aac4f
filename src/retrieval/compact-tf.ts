/**
 * Term frequencies of one unit or node, read from the stored question-time data without
 * building a `Map` per unit: a read-only map over a slice of the blob's (term id, count) pairs
 * and the document's dictionary. A question looks up only its own terms (`get`, `has`), so a
 * cold process decodes 16 documents' ~15,000 units without 15,000 maps.
 */

import { StoreError } from "../core/errors.js";

/**
 * The error for a stored term id past the dictionary. Ids are checked where they are first read
 * (iteration, the frequency table, the transpose), not all at decoding.
 */
export function termOutsideDictionary(): StoreError {
  return new StoreError("E_STORE", "the store is corrupt: question-time data names a term outside its dictionary");
}

/** A document's terms by id, and their ids by term (built on first lookup). */
export class TermDictionary {
  private ids: Map<string, number> | undefined;
  constructor(readonly terms: readonly string[]) {}
  idOf(term: string): number | undefined {
    if (this.ids === undefined) {
      this.ids = new Map();
      this.terms.forEach((t, i) => this.ids?.set(t, i));
    }
    return this.ids.get(term);
  }

  /** The term of a stored id (`E_STORE` past the dictionary). */
  termAt(id: number): string {
    const term = this.terms[id];
    if (term === undefined) throw termOutsideDictionary();
    return term;
  }
}

/** `ReadonlyMap<string, number>` over pairs `[from, to)` of `termIds` and `counts`. */
export class CompactTf implements ReadonlyMap<string, number> {
  constructor(
    private readonly dictionary: TermDictionary,
    private readonly termIds: Uint32Array,
    private readonly counts: Uint32Array,
    private readonly from: number,
    private readonly to: number,
  ) {}

  get size(): number {
    return this.to - this.from;
  }

  get(term: string): number | undefined {
    const id = this.dictionary.idOf(term);
    if (id === undefined) return undefined;
    for (let k = this.from; k < this.to; k++) if (this.termIds[k] === id) return this.counts[k];
    return undefined;
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  *entries(): MapIterator<[string, number]> {
    for (let k = this.from; k < this.to; k++) yield [this.dictionary.termAt(this.termIds[k] as number), this.counts[k] as number];
  }

  *keys(): MapIterator<string> {
    for (const [term] of this.entries()) yield term;
  }

  *values(): MapIterator<number> {
    for (let k = this.from; k < this.to; k++) yield this.counts[k] as number;
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const [term, count] of this.entries()) callback.call(thisArg, count, term, this);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
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
      const byId = new Uint32Array(this.dictionary.terms.length);
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
