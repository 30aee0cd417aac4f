/**
 * Which units of a document hold a term: the transpose of the units' term frequencies, built on
 * the first lookup. A question's relevance and the walk's bridges look up a handful of terms, so
 * they visit the units that hold them instead of every unit of every document opened.
 */
import type { TermDictionary } from "./compact-tf.js";

export interface TermUnits {
  /** Indexes (ascending) of the units whose term frequencies hold `term`. */
  unitsWith(term: string): ArrayLike<number>;
}

const NONE: ArrayLike<number> = new Uint32Array(0);

/** Over term-frequency maps (units built in this process). */
export class MapTermUnits implements TermUnits {
  private index: Map<string, number[]> | undefined;
  constructor(private readonly unitTf: readonly ReadonlyMap<string, number>[]) {}

  unitsWith(term: string): ArrayLike<number> {
    if (this.index === undefined) {
      const index = new Map<string, number[]>();
      this.unitTf.forEach((tf, u) => {
        for (const t of tf.keys()) {
          const list = index.get(t);
          if (list) list.push(u);
          else index.set(t, [u]);
        }
      });
      this.index = index;
    }
    return this.index.get(term) ?? NONE;
  }
}

/** Over the stored (unit → term id) pairs: a counting sort into flat arrays, no map per term. */
export class StoredTermUnits implements TermUnits {
  private offsets: Uint32Array | undefined;
  private postings: Uint32Array | undefined;
  constructor(
    private readonly dictionary: TermDictionary,
    /** `[from, to)` of unit u's pairs is `unitOffsets[u], unitOffsets[u + 1]`. */
    private readonly unitOffsets: Uint32Array,
    private readonly termIds: Uint32Array,
  ) {}

  unitsWith(term: string): ArrayLike<number> {
    const id = this.dictionary.idOf(term);
    if (id === undefined) return NONE;
    if (this.offsets === undefined || this.postings === undefined) this.build();
    const offsets = this.offsets as Uint32Array;
    return (this.postings as Uint32Array).subarray(offsets[id], offsets[id + 1]);
  }

  private build(): void {
    const t = this.dictionary.terms.length;
    const offsets = new Uint32Array(t + 1);
    for (let k = 0; k < this.termIds.length; k++) offsets[(this.termIds[k] as number) + 1]! += 1;
    for (let i = 0; i < t; i++) offsets[i + 1]! += offsets[i] as number;
    const fill = offsets.slice(0, t);
    const postings = new Uint32Array(this.termIds.length);
    const units = this.unitOffsets.length - 1;
    for (let u = 0; u < units; u++) {
      for (let k = this.unitOffsets[u] as number; k < (this.unitOffsets[u + 1] as number); k++) {
        const id = this.termIds[k] as number;
        postings[fill[id] as number] = u;
        fill[id]! += 1;
      }
    }
    this.offsets = offsets;
    this.postings = postings;
  }
}
