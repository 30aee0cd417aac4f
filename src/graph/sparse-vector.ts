/**
 * Sparse term vectors for tf-idf similarity: term ids in ascending order, their weights and a
 * precomputed Euclidean norm, so a cosine is one merge join and a division.
 */

/** A sparse vector over term ids. `ids` ascend strictly; `weights[i]` belongs to `ids[i]`. */
export interface SparseVector {
  readonly ids: Uint32Array;
  readonly weights: Float64Array;
  /** Euclidean norm of `weights`. */
  readonly norm: number;
}

/** The vector with no terms (norm 0). */
export const EMPTY_VECTOR: SparseVector = Object.freeze({
  ids: new Uint32Array(0),
  weights: new Float64Array(0),
  norm: 0,
});

/**
 * A sparse vector from `termId -> weight` entries; zero and non-finite weights are dropped.
 * @example sparseVector(new Map([[3, 1], [1, 2]])) // ids [1, 3], weights [2, 1], norm √5
 */
export function sparseVector(entries: ReadonlyMap<number, number>): SparseVector {
  let kept = 0;
  for (const w of entries.values()) if (w !== 0 && Number.isFinite(w)) kept++;
  if (kept === 0) return EMPTY_VECTOR;
  const ids = new Uint32Array(kept);
  let k = 0;
  for (const [id, w] of entries) if (w !== 0 && Number.isFinite(w)) ids[k++] = id;
  ids.sort();
  const weights = new Float64Array(kept);
  let squares = 0;
  for (let i = 0; i < kept; i++) {
    const w = entries.get(ids[i] as number) as number;
    weights[i] = w;
    squares += w * w;
  }
  return { ids, weights, norm: Math.sqrt(squares) };
}

/** Dot product of two sparse vectors (merge join over the sorted ids). */
export function dot(a: SparseVector, b: SparseVector): number {
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) {
      sum += (a.weights[i] as number) * (b.weights[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** Cosine similarity in [0, 1] for non-negative weights; 0 when either vector is empty. */
export function cosine(a: SparseVector, b: SparseVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  return dot(a, b) / (a.norm * b.norm);
}
