/**
 * Term frequencies stored term by term (codec version 4): for each term of the dictionary, the
 * items (units or nodes) that hold it, ascending, with their counts. A question needs exactly
 * this: the holders of its dozen terms, to sum BM25 term by term (`relevance.ts`) and to find a
 * bridge's sentences. Version 3 stored the pairs item by item, and every cold question
 * transposed every opened document's pairs (a counting sort over hundreds of thousands of pairs
 * per filing) before it could score. One item's frequencies are still a read-only map
 * (`TermMajorTf`): a lookup is a binary search in the term's holders, and iterating an item's
 * terms, which no default walk does, builds the item-major pairs once for the document.
 */
import { StoreError } from "../core/errors.js";
import type { TermDictionary } from "./compact-tf.js";
import type { TermUnits } from "./term-units.js";

/** Item-major pairs (`offsets[i]..offsets[i+1]` are item i's term ids and counts) to term-major ones. */
export function transposePairs(
  offsets: ArrayLike<number>,
  termIds: ArrayLike<number>,
  counts: ArrayLike<number>,
  terms: number,
): { termOffsets: Uint32Array; holders: Uint32Array; holderCounts: Uint32Array } {
  const items = offsets.length - 1;
  const pairs = termIds.length;
  const termOffsets = new Uint32Array(terms + 1);
  for (let k = 0; k < pairs; k++) termOffsets[(termIds[k] as number) + 1]! += 1;
  for (let t = 0; t < terms; t++) termOffsets[t + 1]! += termOffsets[t] as number;
  const fill = termOffsets.slice(0, terms);
  const holders = new Uint32Array(pairs);
  const holderCounts = new Uint32Array(pairs);
  for (let i = 0; i < items; i++) {
    for (let k = offsets[i] as number; k < (offsets[i + 1] as number); k++) {
      const id = termIds[k] as number;
      const at = fill[id] as number;
      holders[at] = i;
      holderCounts[at] = counts[k] as number;
      fill[id] = at + 1;
    }
  }
  return { termOffsets, holders, holderCounts };
}

function holdersOutOfOrder(): StoreError {
  return new StoreError("E_STORE", "the store is corrupt: question-time data lists a term's holders out of order or out of range");
}

/** First position in `[from, to)` of ascending `values` whose value is at least `bound`. */
function lowerBound(values: Uint32Array, from: number, to: number, bound: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One document's stored term-major pairs over `items` units or nodes. */
export class TermMajor implements TermUnits {
  /** 1 once a term's holders were checked (ascending, within the items). */
  private readonly checked: Uint8Array;
  private itemMajor: { offsets: Uint32Array; termIds: Uint32Array; counts: Uint32Array } | undefined;

  constructor(
    readonly dictionary: TermDictionary,
    readonly items: number,
    private readonly termOffsets: Uint32Array,
    private readonly holders: Uint32Array,
    private readonly counts: Uint32Array,
    /** Only holders below this index are given (the nodes' pairs serve leaves, which come first). */
    private readonly limit: number = items,
  ) {
    this.checked = new Uint8Array(dictionary.size);
  }

  /** The same pairs, giving only holders below `limit`. */
  below(limit: number): TermMajor {
    return new TermMajor(this.dictionary, this.items, this.termOffsets, this.holders, this.counts, limit);
  }

  unitsWith(term: string): ArrayLike<number> {
    const [from, to] = this.range(term);
    return this.holders.subarray(from, to);
  }

  countsWith(term: string): ArrayLike<number> {
    const [from, to] = this.range(term);
    return this.counts.subarray(from, to);
  }

  /** The count of term id `id` in item `item` (0 when absent). */
  countIn(id: number, item: number): number {
    const [from, to] = this.rangeOf(id);
    const at = lowerBound(this.holders, from, to, item);
    return at < to && this.holders[at] === item ? (this.counts[at] as number) : 0;
  }

  /** Item `item`'s term ids and counts, from the item-major pairs built on first use. */
  pairsOf(item: number): { termIds: Uint32Array; counts: Uint32Array } {
    const major = (this.itemMajor ??= this.buildItemMajor());
    const from = major.offsets[item] as number;
    const to = major.offsets[item + 1] as number;
    return { termIds: major.termIds.subarray(from, to), counts: major.counts.subarray(from, to) };
  }

  private range(term: string): [number, number] {
    const id = this.dictionary.idOf(term);
    if (id === undefined) return [0, 0];
    const [from, to] = this.rangeOf(id);
    return [from, this.limit >= this.items ? to : lowerBound(this.holders, from, to, this.limit)];
  }

  private rangeOf(id: number): [number, number] {
    const from = this.termOffsets[id] as number;
    const to = this.termOffsets[id + 1] as number;
    if (this.checked[id] === 0) {
      for (let k = from; k < to; k++) {
        const holder = this.holders[k] as number;
        if (holder >= this.items || (k > from && holder <= (this.holders[k - 1] as number))) throw holdersOutOfOrder();
      }
      this.checked[id] = 1;
    }
    return [from, to];
  }

  private buildItemMajor(): { offsets: Uint32Array; termIds: Uint32Array; counts: Uint32Array } {
    const terms = this.dictionary.size;
    const offsets = new Uint32Array(this.items + 1);
    for (let t = 0; t < terms; t++) {
      const [from, to] = this.rangeOf(t);
      for (let k = from; k < to; k++) offsets[(this.holders[k] as number) + 1]! += 1;
    }
    for (let i = 0; i < this.items; i++) offsets[i + 1]! += offsets[i] as number;
    const fill = offsets.slice(0, this.items);
    const termIds = new Uint32Array(this.holders.length);
    const counts = new Uint32Array(this.holders.length);
    for (let t = 0; t < terms; t++) {
      const [from, to] = this.rangeOf(t);
      for (let k = from; k < to; k++) {
        const item = this.holders[k] as number;
        const at = fill[item] as number;
        termIds[at] = t;
        counts[at] = this.counts[k] as number;
        fill[item] = at + 1;
      }
    }
    return { offsets, termIds, counts };
  }
}

/** `ReadonlyMap<string, number>` of one item's term frequencies over its document's `TermMajor`. */
export class TermMajorTf implements ReadonlyMap<string, number> {
  constructor(
    private readonly major: TermMajor,
    private readonly item: number,
  ) {}

  get size(): number {
    return this.major.pairsOf(this.item).termIds.length;
  }

  get(term: string): number | undefined {
    const id = this.major.dictionary.idOf(term);
    if (id === undefined) return undefined;
    const count = this.major.countIn(id, this.item);
    return count === 0 ? undefined : count;
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  *entries(): MapIterator<[string, number]> {
    const { termIds, counts } = this.major.pairsOf(this.item);
    for (let k = 0; k < termIds.length; k++) yield [this.major.dictionary.termAt(termIds[k] as number), counts[k] as number];
  }

  *keys(): MapIterator<string> {
    for (const [term] of this.entries()) yield term;
  }

  *values(): MapIterator<number> {
    const { counts } = this.major.pairsOf(this.item);
    for (let k = 0; k < counts.length; k++) yield counts[k] as number;
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const [term, count] of this.entries()) callback.call(thisArg, count, term, this);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}
