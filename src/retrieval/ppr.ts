/**
 * Query-seeded personalised PageRank over a view's reading units (after HippoRAG 2 and GAAMA:
 * final relevance = similarity + a small weight × PPR). The graph is bipartite between units
 * and the rare terms they hold (names and other terms in few sentences: the "entities" of a
 * model-free graph), plus edges between neighbouring sentences and between an information
 * point and the sentences it quotes. A term node's out-weight is damped by its degree (hub
 * dampening), so a term found everywhere does not carry the walk. The seed is the units'
 * direct relevance.
 */
import type { DocUnits } from "./units.js";

export interface PprOptions {
  /** Restart probability (1 - damping). */
  readonly restart: number;
  readonly iterations: number;
  /** A term links units only if it is in at most this share of the view's sentences (and in two or more). */
  readonly maxDfShare: number;
}

export const DEFAULT_PPR: PprOptions = { restart: 0.5, iterations: 12, maxDfShare: 0.02 };

/** PPR mass per unit of every document of the view, scaled so the largest is 1. */
export function personalisedPageRank(view: readonly DocUnits[], seed: readonly Float32Array[], options: PprOptions = DEFAULT_PPR): Float32Array[] {
  const base: number[] = [];
  let n = 0;
  for (const d of view) {
    base.push(n);
    n += d.units.length;
  }
  // Unit adjacency (neighbouring sentences, IP ↔ quoted sentences) as lists; term postings.
  const links: number[][] = Array.from({ length: n }, () => []);
  const postings = new Map<string, number[]>();
  let sentences = 0;
  view.forEach((d, k) => {
    d.units.forEach((u, i) => {
      const g = base[k]! + i;
      if (u.level === 0) {
        sentences++;
        const next = i + 1;
        if (next < d.units.length && d.units[next]!.level === 0) {
          links[g]!.push(g + 1);
          links[g + 1]!.push(g);
        }
        for (const term of d.unitTf[i]!.keys()) {
          let list = postings.get(term);
          if (!list) postings.set(term, (list = []));
          list.push(g);
        }
      }
      for (const c of d.covers[i]!) {
        links[g]!.push(base[k]! + c);
        links[base[k]! + c]!.push(g);
      }
    });
  });
  const maxDf = Math.max(2, options.maxDfShare * sentences);
  const terms: number[][] = [];
  const unitTerms: number[][] = Array.from({ length: n }, () => []);
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > maxDf) continue;
    const t = terms.length;
    terms.push(list);
    for (const g of list) unitTerms[g]!.push(t);
  }
  const s = new Float64Array(n);
  let total = 0;
  view.forEach((_, k) => {
    const rel = seed[k]!;
    for (let i = 0; i < rel.length; i++) total += s[base[k]! + i] = rel[i]!;
  });
  if (total <= 0) return view.map((d) => new Float32Array(d.units.length));
  for (let g = 0; g < n; g++) s[g]! /= total;
  let x = Float64Array.from(s);
  const { restart, iterations } = options;
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n);
    const termMass = new Float64Array(terms.length);
    for (let g = 0; g < n; g++) {
      const m = x[g]!;
      if (m === 0) continue;
      const out = links[g]!.length + unitTerms[g]!.length;
      if (out === 0) {
        next[g]! += m; // a unit with no edge keeps its mass
        continue;
      }
      const share = m / out;
      for (const v of links[g]!) next[v]! += share;
      for (const t of unitTerms[g]!) termMass[t]! += share;
    }
    // Hub dampening: a term passes on mass in proportion to 1 / sqrt(degree), the rest restarts.
    let lost = 0;
    terms.forEach((list, t) => {
      const m = termMass[t]!;
      if (m === 0) return;
      const kept = m / Math.sqrt(list.length);
      lost += m - kept;
      const share = kept / list.length;
      for (const g of list) next[g]! += share;
    });
    for (let g = 0; g < n; g++) next[g] = (1 - restart) * next[g]! + (restart + (1 - restart) * lost) * s[g]!;
    x = next;
  }
  let max = 0;
  for (const v of x) if (v > max) max = v;
  return view.map((d, k) => Float32Array.from(d.units, (_, i) => (max > 0 ? x[base[k]! + i]! / max : 0)));
}
