/**
 * A centrality prior from the hierarchy: the Katz (Neumann) series of the graph's weighted
 * parent → child edges, s = Σ_k βᵏ (Aᵀ)ᵏ 1, so a node reached by many weighted paths from the
 * levels above it (a passage the summaries lean on) scores high, as in the Neumann-series
 * attention of Infinite Self-Attention. A leaf's sentence takes its leaf's score plus the scores
 * of the extractive IPs that quote it (LexRank chose those as central). Scaled to [0, 1] per
 * document; question-independent, so the walk uses it only to scale a unit's own relevance.
 */
import type { DocUnits } from "./units.js";

/** The series' attenuation per edge. */
export const KATZ_BETA = 0.5;

/** Per unit of `d`, its centrality in [0, 1] (0 for a document without levels). */
export function hierarchyCentrality(d: DocUnits, beta = KATZ_BETA): Float32Array {
  const n = d.nodes.length;
  const s = new Float64Array(n).fill(1);
  // Nodes are ordered by level, so every parent comes after its children: walk down from the top.
  for (let p = n - 1; p >= 0; p--) {
    for (let e = d.childOffsets[p]!; e < d.childOffsets[p + 1]!; e++) s[d.childTargets[e]!]! += beta * d.childWeights[e]! * s[p]!;
  }
  const out = new Float32Array(d.units.length);
  if (d.topLevel === 0) return out;
  d.units.forEach((u, i) => {
    if (u.level === 0) out[i] = out[i]! + s[u.node]!;
  });
  d.units.forEach((u, i) => {
    if (u.level === 0) return;
    for (const c of d.covers[i]!) if (d.units[c]!.level === 0) out[c] = out[c]! + s[u.node]!;
  });
  let max = 0;
  for (const v of out) if (v > max) max = v;
  if (max > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / max;
  return out;
}
