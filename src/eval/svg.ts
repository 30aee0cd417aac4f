/**
 * Recall-versus-tokens plots as hand-written SVG (no dependency): one polyline per method over
 * its budgets, the adaptive runs as labelled diamonds, the full document as a square; a
 * logarithmic token axis (budgets and whole documents differ by orders of magnitude), a
 * linear recall axis from 0 to 1, grid lines, ticks and a legend.
 */
import type { MethodSummary } from "./summary.js";
import { maxOf, minOf, pushAll } from "../internal.js";

export interface PlotInput {
  readonly title: string;
  readonly subtitle?: string;
  readonly yLabel: string;
  readonly summaries: readonly MethodSummary[];
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 64, right: 190, top: 56, bottom: 56 };
/** Methods drawn dashed: dos-rag reads exactly what bm25-chunks reads (its line lies on top); pecan-flat is an ablation. */
const DASHED = new Set(["dos-rag", "pecan-flat"]);
/** One colour per method, the same in every plot. */
const COLORS: Readonly<Record<string, string>> = {
  pecan: "#1b6ca8",
  "pecan-fill": "#d1495b",
  "pecan-flat": "#f28e8e",
  "bm25-chunks": "#2a9d8f",
  "bm25-sentences": "#e9a03b",
  "dos-rag": "#5c6b73",
  hybrid: "#8c564b",
  raptor: "#7b4ea3",
  full: "#444444",
};
const PALETTE = ["#17becf", "#bcbd22", "#e377c2", "#7f7f7f"];

/** Escapes text for SVG content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

/** Ticks of a log axis between lo and hi: 1, 2, 5 times powers of ten. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** p;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

/** A short label of a token count: 500, 1k, 2.5k, 40k. */
export function tokenLabel(v: number): string {
  if (v < 1000) return String(Math.round(v));
  const k = v / 1000;
  return `${Number.isInteger(k) ? k : k.toFixed(1)}k`;
}

/**
 * The plot as an SVG document.
 * @example recallPlot({ title: "cuad", yLabel: "span recall", summaries })
 */
export function recallPlot(input: PlotInput): string {
  const points = input.summaries.filter((s) => s.tokens > 0);
  const xs = points.map((s) => s.tokens);
  const lo = Math.max(1, 10 ** Math.floor(Math.log10(Math.max(1, Math.min(minOf(xs), 100)))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(maxOf(xs), lo * 10)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (v: number) => MARGIN.left + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
  const y = (v: number) => MARGIN.top + (1 - v) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="16" font-weight="bold">${escapeXml(input.title)}</text>`,
  );
  if (input.subtitle) out.push(`<text x="${MARGIN.left}" y="40" fill="#555">${escapeXml(input.subtitle)}</text>`);
  // Grid and ticks.
  for (let i = 0; i <= 5; i++) {
    const v = i / 5;
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="#e3e3e3"/>`,
      `<text x="${MARGIN.left - 8}" y="${fmt(y(v) + 4)}" text-anchor="end">${v.toFixed(1)}</text>`,
    );
  }
  for (const t of logTicks(lo, hi)) {
    out.push(
      `<line x1="${fmt(x(t))}" x2="${fmt(x(t))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#eeeeee"/>`,
      `<text x="${fmt(x(t))}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${tokenLabel(t)}</text>`,
    );
  }
  out.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">context tokens read (mean per question, log scale)</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(input.yLabel)}</text>`,
  );
  // Series.
  const methods = [...new Set(points.map((s) => s.method))];
  const legend: string[] = [];
  methods.forEach((method, k) => {
    const color = COLORS[method] ?? (PALETTE[k % PALETTE.length] as string);
    const series = points.filter((s) => s.method === method).sort((a, b) => a.tokens - b.tokens);
    const kind = series[0]?.kind ?? "budget";
    const ly = MARGIN.top + 10 + k * 22;
    const lx = MARGIN.left + plotW + 18;
    if (kind === "budget") {
      const path = series.map((s) => `${fmt(x(s.tokens))},${fmt(y(s.recall))}`).join(" ");
      const dash = DASHED.has(method) ? ` stroke-dasharray="6 4"` : "";
      out.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
      for (const s of series) out.push(`<circle cx="${fmt(x(s.tokens))}" cy="${fmt(y(s.recall))}" r="3.5" fill="${color}"><title>${escapeXml(tip(s))}</title></circle>`);
      legend.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/><circle cx="${lx + 11}" cy="${ly}" r="3.5" fill="${color}"/>`);
    } else if (kind === "adaptive") {
      for (const s of series) {
        out.push(`<path d="${diamond(x(s.tokens), y(s.recall), 6)}" fill="${color}" stroke="#222" stroke-width="0.8"><title>${escapeXml(tip(s))}</title></path>`);
      }
      // One label per cluster of points that lie on top of each other: "≤1k–8k".
      for (const group of nearGroups(series, (s) => [x(s.tokens), y(s.recall)])) {
        const first = group[0] as MethodSummary;
        const last = group[group.length - 1] as MethodSummary;
        const caps = group.length === 1 ? tokenLabel(first.budget ?? 0) : `${tokenLabel(first.budget ?? 0)}–${tokenLabel(last.budget ?? 0)}`;
        out.push(`<text x="${fmt(x(first.tokens) + 8)}" y="${fmt(y(first.recall) - 7)}" fill="${color}" font-size="10">≤${caps}</text>`);
      }
      legend.push(`<path d="${diamond(lx + 11, ly, 6)}" fill="${color}" stroke="#222" stroke-width="0.8"/>`);
    } else {
      for (const s of series) out.push(`<rect x="${fmt(x(s.tokens) - 5)}" y="${fmt(y(s.recall) - 5)}" width="10" height="10" fill="${color}" stroke="#222" stroke-width="0.8"><title>${escapeXml(tip(s))}</title></rect>`);
      legend.push(`<rect x="${lx + 6}" y="${ly - 5}" width="10" height="10" fill="${color}" stroke="#222" stroke-width="0.8"/>`);
    }
    const name = kind === "adaptive" ? `${method} (adaptive; cap)` : kind === "whole" ? `${method} (whole document)` : method;
    legend.push(`<text x="${lx + 30}" y="${ly + 4}">${escapeXml(name)}</text>`);
  });
  pushAll(out, [...legend, "</svg>"]);
  return `${out.join("\n")}\n`;
}

/** Consecutive items (in order) whose positions lie within `radius` pixels of the group's first. */
function nearGroups<T>(items: readonly T[], at: (item: T) => [number, number], radius = 12): T[][] {
  const groups: T[][] = [];
  for (const item of items) {
    const group = groups[groups.length - 1];
    const head = group?.[0];
    if (group && head !== undefined) {
      const [hx, hy] = at(head);
      const [ix, iy] = at(item);
      if (Math.hypot(hx - ix, hy - iy) <= radius) {
        group.push(item);
        continue;
      }
    }
    groups.push([item]);
  }
  return groups;
}

function diamond(cx: number, cy: number, r: number): string {
  return `M${fmt(cx)},${fmt(cy - r)} L${fmt(cx + r)},${fmt(cy)} L${fmt(cx)},${fmt(cy + r)} L${fmt(cx - r)},${fmt(cy)} Z`;
}

function tip(s: MethodSummary): string {
  const budget = s.budget === null ? "whole document" : `budget ${s.budget}`;
  return `${s.method}, ${budget}: recall ${s.recall.toFixed(3)} at ${Math.round(s.tokens)} tokens`;
}
