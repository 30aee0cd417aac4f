/**
 * Which units of a document hold a term: the transpose of the units' term frequencies (built on
 * the first lookup for units built in this process; stored for decoded ones, `term-major.ts`). A question's relevance and the walk's bridges look up a handful of terms, so
 * they visit the units that hold them instead of every unit of every document opened. Each
 * holder comes with its count of the term, so BM25 is summed term by term without looking a
 * term up in every holder's map.
 */
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
