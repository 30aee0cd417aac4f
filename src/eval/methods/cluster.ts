/**
 * Agglomerative clustering with average linkage (UPGMA; Sokal & Michener 1958, via the
 * Lance-Williams update) over cosine similarities, with a cap on cluster size: the
 * deterministic stand-in for RAPTOR's Gaussian-mixture clustering of embeddings (Sarthi et al.,
 * "RAPTOR: Recursive Abstractive Processing for Tree-Organized Retrieval", ICLR 2024, §3),
 * which also bounds the size of what one summary covers.
 */
import { sparseCosine as cosine, type SparseVector } from "../../internal.js";

export interface ClusterOptions {
  /** Aim for about this many items per cluster: merging stops at `ceil(n / target)` clusters. */
  readonly target: number;
  /** No cluster grows past this many items. */
  readonly max: number;
}

export const DEFAULT_CLUSTER: ClusterOptions = Object.freeze({ target: 6, max: 8 });

/**
 * Clusters of item indexes, each ascending, ordered by their first item. Deterministic: ties
 * merge the pair with the lowest indexes.
 * @example clusterVectors(vectors, { target: 6, max: 8 }) // [[0, 1, 4], [2, 3], ...]
 */
export function clusterVectors(vectors: readonly SparseVector[], options: Partial<ClusterOptions> = {}): number[][] {
  const { target, max } = { ...DEFAULT_CLUSTER, ...options };
  const n = vectors.length;
  if (n === 0) return [];
  const want = Math.max(1, Math.ceil(n / Math.max(1, target)));
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = cosine(vectors[i] as SparseVector, vectors[j] as SparseVector);
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  const members: (number[] | undefined)[] = Array.from({ length: n }, (_, i) => [i]);
  let active = n;
  while (active > want) {
    let bi = -1;
    let bj = -1;
    let best = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const a = members[i];
      if (!a) continue;
      for (let j = i + 1; j < n; j++) {
        const b = members[j];
        if (!b || a.length + b.length > max) continue;
        const s = sim[i * n + j] as number;
        if (s > best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) break;
    const a = members[bi] as number[];
    const b = members[bj] as number[];
    // Lance-Williams, average linkage: sim(a ∪ b, c) = (|a| sim(a, c) + |b| sim(b, c)) / (|a| + |b|).
    for (let k = 0; k < n; k++) {
      if (!members[k] || k === bi || k === bj) continue;
      const s = (a.length * (sim[bi * n + k] as number) + b.length * (sim[bj * n + k] as number)) / (a.length + b.length);
      sim[bi * n + k] = s;
      sim[k * n + bi] = s;
    }
    members[bi] = [...a, ...b].sort((x, y) => x - y);
    members[bj] = undefined;
    active--;
  }
  return members.filter((m): m is number[] => m !== undefined).sort((x, y) => (x[0] as number) - (y[0] as number));
}
