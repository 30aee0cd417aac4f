/**
 * Gradient-boosted shallow trees on the logistic loss (Newton steps, as XGBoost grows them), over
 * a fixed margin: the judge's logistic model is fitted first and the trees correct its log-odds
 * where features interact (a share of the cap that means "settled" for one kind of question and
 * not for another). Deterministic: features are cut at fixed quantiles, ties broken by feature
 * order, no sampling.
 */
import type { JudgeTree } from "../src/control/calibrated-judge.js";

export interface BoostSample {
  readonly x: readonly number[];
  /** The label, 0..1. */
  readonly y: number;
  readonly weight: number;
  /** The margin (log-odds) the trees start from. */
  readonly base: number;
}

export interface BoostOptions {
  readonly rounds?: number;
  readonly depth?: number;
  /** Shrinkage of each tree's leaf values. */
  readonly rate?: number;
  /** Candidate cuts per feature (quantiles of its values). */
  readonly bins?: number;
  /** L2 penalty on leaf values, in units of the (normalised) hessian. */
  readonly lambda?: number;
  /** The smallest share of the total weight a leaf may hold. */
  readonly minLeaf?: number;
}

/** The trees' sum for one feature vector (add to the base margin). */
export function treeMargin(trees: readonly JudgeTree[], x: readonly number[]): number {
  let z = 0;
  for (const tree of trees) {
    let node: JudgeTree | number = tree;
    while (typeof node !== "number") node = (x[node.feature] ?? 0) <= node.threshold ? node.below : node.above;
    z += node;
  }
  return z;
}

/** Cut points per feature: distinct quantiles of its values. */
function cutsOf(samples: readonly BoostSample[], feature: number, bins: number): number[] {
  const values = Float64Array.from(samples, (s) => s.x[feature] ?? 0).sort();
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = values[Math.floor((b * values.length) / bins)]!;
    if (v !== values[values.length - 1] && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v);
  }
  return cuts;
}

export function fitBoosted(samples: readonly BoostSample[], options: BoostOptions = {}): JudgeTree[] {
  const rounds = options.rounds ?? 100;
  const depth = options.depth ?? 2;
  const rate = options.rate ?? 0.1;
  const bins = options.bins ?? 32;
  const lambda = options.lambda ?? 1e-3;
  const minLeaf = options.minLeaf ?? 0.005;
  const n = samples.length;
  const dims = samples[0]?.x.length ?? 0;
  const totalWeight = samples.reduce((a, s) => a + s.weight, 0) || 1;
  const w = Float64Array.from(samples, (s) => s.weight / totalWeight);
  const cuts = Array.from({ length: dims }, (_, f) => cutsOf(samples, f, bins));
  // Bin index of each sample per feature: bin b holds values in (cuts[b-1], cuts[b]].
  const binned = cuts.map((c, f) =>
    Uint8Array.from(samples, (s) => {
      const v = s.x[f] ?? 0;
      let lo = 0;
      let hi = c.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= c[mid]!) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }),
  );
  const margin = Float64Array.from(samples, (s) => s.base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: JudgeTree[] = [];
  const leafValue = (G: number, H: number): number => (-G / (H + lambda)) * rate;

  const grow = (index: Uint32Array, level: number, G: number, H: number, W: number): JudgeTree | number => {
    if (level === depth || W < 2 * minLeaf) return leafValue(G, H);
    let best: { gain: number; feature: number; bin: number } | undefined;
    const parent = (G * G) / (H + lambda);
    for (let f = 0; f < dims; f++) {
      const c = cuts[f]!;
      if (c.length === 0) continue;
      const gs = new Float64Array(c.length + 1);
      const hs = new Float64Array(c.length + 1);
      const ws = new Float64Array(c.length + 1);
      const b = binned[f]!;
      for (let k = 0; k < index.length; k++) {
        const i = index[k]!;
        gs[b[i]!]! += g[i]!;
        hs[b[i]!]! += h[i]!;
        ws[b[i]!]! += w[i]!;
      }
      let gl = 0;
      let hl = 0;
      let wl = 0;
      for (let cut = 0; cut < c.length; cut++) {
        gl += gs[cut]!;
        hl += hs[cut]!;
        wl += ws[cut]!;
        if (wl < minLeaf || W - wl < minLeaf) continue;
        const gain = (gl * gl) / (hl + lambda) + ((G - gl) * (G - gl)) / (H - hl + lambda) - parent;
        if (gain > 1e-12 && (best === undefined || gain > best.gain)) best = { gain, feature: f, bin: cut };
      }
    }
    if (best === undefined) return leafValue(G, H);
    const b = binned[best.feature]!;
    const below: number[] = [];
    const above: number[] = [];
    let gb = 0, hb = 0, wb = 0;
    for (let k = 0; k < index.length; k++) {
      const i = index[k]!;
      if (b[i]! <= best.bin) {
        below.push(i);
        gb += g[i]!;
        hb += h[i]!;
        wb += w[i]!;
      } else above.push(i);
    }
    return {
      feature: best.feature,
      threshold: cuts[best.feature]![best.bin]!,
      below: grow(Uint32Array.from(below), level + 1, gb, hb, wb),
      above: grow(Uint32Array.from(above), level + 1, G - gb, H - hb, W - wb),
    };
  };

  const all = Uint32Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < rounds; r++) {
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margin[i]!));
      g[i] = w[i]! * (p - samples[i]!.y);
      h[i] = w[i]! * Math.max(1e-6, p * (1 - p));
      G += g[i]!;
      H += h[i]!;
    }
    const tree = grow(all, 0, G, H, 1);
    if (typeof tree === "number") break;
    trees.push(tree);
    for (let i = 0; i < n; i++) margin[i]! += treeMargin([tree], samples[i]!.x);
  }
  return trees;
}
