/** Weighted logistic regression with an L2 penalty, fitted by Newton's method (IRLS). */
import { maxOf } from "../src/core/arrays.js";

export interface Sample {
  readonly x: readonly number[];
  readonly y: number;
  readonly weight: number;
}

export interface LogisticModel {
  readonly weights: number[];
  readonly bias: number;
}

export function predict(model: LogisticModel, x: readonly number[]): number {
  let z = model.bias;
  model.weights.forEach((w, i) => (z += w * (x[i] ?? 0)));
  return 1 / (1 + Math.exp(-z));
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and dense). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const d = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / d;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

export function fitLogistic(samples: readonly Sample[], options: { l2?: number; iterations?: number } = {}): LogisticModel {
  const l2 = options.l2 ?? 1e-2;
  const dims = (samples[0]?.x.length ?? 0) + 1;
  let beta = new Array<number>(dims).fill(0);
  const row = (s: Sample): number[] => [...s.x, 1];
  const totalWeight = samples.reduce((n, s) => n + s.weight, 0) || 1;
  for (let it = 0; it < (options.iterations ?? 25); it++) {
    const grad = new Array<number>(dims).fill(0);
    const hess = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
    for (const s of samples) {
      const x = row(s);
      const z = x.reduce((n, v, i) => n + v * beta[i]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = s.weight / totalWeight;
      for (let i = 0; i < dims; i++) {
        grad[i]! += w * (p - s.y) * x[i]!;
        for (let j = 0; j < dims; j++) hess[i]![j]! += w * p * (1 - p) * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < dims - 1; i++) {
      grad[i]! += l2 * beta[i]!;
      hess[i]![i]! += l2;
    }
    const step = solve(hess, grad);
    beta = beta.map((b, i) => b - step[i]!);
    if (maxOf(step.map(Math.abs)) < 1e-8) break;
  }
  return { weights: beta.slice(0, dims - 1), bias: beta[dims - 1]! };
}
