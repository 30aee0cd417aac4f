/**
 * Which units of a document hold a term: the transpose of the units' term frequencies, built on
 * the first lookup. A question's relevance and the walk's bridges look up a handful of terms, so
 * they visit the units that hold them instead of every unit of every document opened. Each
 * holder comes with its count of the term, so BM25 is summed term by term without looking a
 * term up in every holder's map.
 */
import { termOutsideDictionary, type TermDictionary } from "./compact-tf.js";

export interface TermUnits {
  /** Indexes (ascending) of the units whose term frequencies hold `term`. */
  unitsWith(term: string): ArrayLike<number>;
  /** The count of `term` in each unit of `unitsWith(term)`, in the same order. */
  countsWith(term: string): ArrayLike<number>;
}

const NONE: ArrayLike<number> = new Uint32Array(0);

/** Over term-frequency maps (units built in this process). */
export class MapTermUnits implements TermUnits {
  private index: Map<string, { units: number[]; counts: number[] }> | undefined;
  constructor(private readonly unitTf: readonly ReadonlyMap<string, number>[]) {}

  unitsWith(term: string): ArrayLike<number> {
    return this.entry(term)?.units ?? NONE;
  }

  countsWith(term: string): ArrayLike<number> {
    return this.entry(term)?.counts ?? NONE;
  }

  private entry(term: string): { units: number[]; counts: number[] } | undefined {
    if (this.index === undefined) {
      const index = new Map<string, { units: number[]; counts: number[] }>();
      this.unitTf.forEach((tf, u) => {
        for (const [t, count] of tf) {
          const entry = index.get(t);
          if (entry) {
            entry.units.push(u);
            entry.counts.push(count);
          } else index.set(t, { units: [u], counts: [count] });
        }
      });
      this.index = index;
    }
    return this.index.get(term);
  }
}

/** Over the stored (unit → term id, count) pairs: a counting sort into flat arrays, no map per term. */
export class StoredTermUnits implements TermUnits {
  private offsets: Uint32Array | undefined;
  private postings: Uint32Array | undefined;
  private postingCounts: Uint32Array | undefined;
  constructor(
    private readonly dictionary: TermDictionary,
    /** `[from, to)` of unit u's pairs is `unitOffsets[u], unitOffsets[u + 1]`; units past its end are left out. */
    private readonly unitOffsets: Uint32Array,
    private readonly termIds: Uint32Array,
    private readonly counts: Uint32Array,
  ) {}

  unitsWith(term: string): ArrayLike<number> {
    return this.range(term, "units");
  }

  countsWith(term: string): ArrayLike<number> {
    return this.range(term, "counts");
  }

  private range(term: string, what: "units" | "counts"): ArrayLike<number> {
    const id = this.dictionary.idOf(term);
    if (id === undefined) return NONE;
    if (this.offsets === undefined) this.build();
    const offsets = this.offsets as Uint32Array;
    const from = offsets[id] as number;
    const to = offsets[id + 1] as number;
    return (what === "units" ? (this.postings as Uint32Array) : (this.postingCounts as Uint32Array)).subarray(from, to);
  }

  private build(): void {
    const t = this.dictionary.size;
    const units = this.unitOffsets.length - 1;
    const end = this.unitOffsets[units] as number;
    const offsets = new Uint32Array(t + 1);
    for (let k = 0; k < end; k++) {
      const id = this.termIds[k] as number;
      if (id >= t) throw termOutsideDictionary();
      offsets[id + 1]! += 1;
    }
    for (let i = 0; i < t; i++) offsets[i + 1]! += offsets[i] as number;
    const fill = offsets.slice(0, t);
    const postings = new Uint32Array(end);
    const postingCounts = new Uint32Array(end);
    for (let u = 0; u < units; u++) {
      for (let k = this.unitOffsets[u] as number; k < (this.unitOffsets[u + 1] as number); k++) {
        const id = this.termIds[k] as number;
        const at = fill[id] as number;
        postings[at] = u;
        postingCounts[at] = this.counts[k] as number;
        fill[id] = at + 1;
      }
    }
    this.offsets = offsets;
    this.postings = postings;
    this.postingCounts = postingCounts;
  }
}
