/**
 * A binary max-heap of (score, unit) entries for the walk's "best unread unit" (a lazy priority
 * queue: a unit whose score grows is pushed again, and stale entries are dropped when they
 * reach the top). Equal scores come out lowest unit first, as a scan in unit order would give.
 */
export class ScoreHeap {

  /**
   * Builds the heap in O(n) from initial scores: of every unit `0..initial.length-1`, or of the
   * units listed in `units` (then the heap takes both arrays over).
   */
  static of(initial: number[] | ArrayLike<number>, units?: number[]): ScoreHeap {
    const heap =
      units === undefined
        ? new ScoreHeap(Array.from(initial), Array.from({ length: initial.length }, (_, g) => g))
        : new ScoreHeap(initial as number[], units);
    for (let i = (heap.units.length >> 1) - 1; i >= 0; i--) heap.down(i);
    return heap;
  }

  private constructor(
    private readonly scores: number[] = [],
    private readonly units: number[] = [],
  ) {
    if (scores.length !== units.length) throw new Error("a score for every unit");
  }

  get size(): number {
    return this.units.length;
  }

  push(score: number, unit: number): void {
    this.scores.push(score);
    this.units.push(unit);
    this.up(this.units.length - 1);
  }

  /** The best entry, or undefined when empty. */
  peek(): { readonly score: number; readonly unit: number } | undefined {
    return this.units.length > 0 ? { score: this.scores[0]!, unit: this.units[0]! } : undefined;
  }

  pop(): void {
    const last = this.units.length - 1;
    if (last < 0) return;
    this.swap(0, last);
    this.scores.pop();
    this.units.pop();
    if (last > 0) this.down(0);
  }

  /** True when entry i should be above entry j. */
  private before(i: number, j: number): boolean {
    const a = this.scores[i]!;
    const b = this.scores[j]!;
    return a > b || (a === b && this.units[i]! < this.units[j]!);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.units.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < n && this.before(l, best)) best = l;
      if (r < n && this.before(r, best)) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }

  private swap(i: number, j: number): void {
    // Plain temporaries: a destructuring swap makes an array per swap until the code is optimised,
    // and a cold question heapifies tens of thousands of units.
    const score = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = score;
    const unit = this.units[i]!;
    this.units[i] = this.units[j]!;
    this.units[j] = unit;
  }
}
