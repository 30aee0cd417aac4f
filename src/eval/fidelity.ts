/**
 * HISA's fidelity check for the collection setting (coarse-to-fine sparse attention is judged by
 * how much of what full attention picks its blocks still contain): per question and budget, the
 * overlap (intersection over union) between what a coarse-stage method read and what the
 * exhaustive walk over every document (`pecan-exhaustive`) read at the same budget, over the
 * verbatim ranges read (unit IoU) and over the documents they come from (document IoU). 1 means
 * the coarse stage changed nothing the walk would read.
 */
import type { Reading } from "./methods/method.js";

export const EXHAUSTIVE_METHOD = "pecan-exhaustive";

export interface FidelityRow {
  readonly method: string;
  readonly budget: number;
  readonly questions: number;
  /** Mean IoU of the ranges read. */
  readonly unitIoU: number;
  /** Mean IoU of the documents read from. */
  readonly documentIoU: number;
}

/** Intersection over union of two sets; 1 for two empty sets. */
export function iou<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const union = a.size + b.size - both;
  return union === 0 ? 1 : both / union;
}

const rangesOf = (r: Reading) => new Set(r.steps.flatMap((s) => s.spans.map((sp) => `${s.docId}:${sp.start}-${sp.end}`)));
const documentsOf = (r: Reading) => new Set(r.steps.map((s) => s.docId as string));

/** Collects the overlaps question by question; `rows` averages them. */
export function createFidelityTally() {
  const sums = new Map<string, { method: string; budget: number; n: number; unit: number; doc: number }>();
  return {
    /** The readings of one question, per method, in the order of `budgets`. */
    add(readings: ReadonlyMap<string, readonly Reading[]>, budgets: readonly number[]): void {
      const exhaustive = readings.get(EXHAUSTIVE_METHOD);
      if (!exhaustive) return;
      for (const [method, list] of readings) {
        if (method === EXHAUSTIVE_METHOD || !method.startsWith("pecan") || list.length !== budgets.length) continue;
        list.forEach((reading, i) => {
          const key = `${method}|${budgets[i]}`;
          const s = sums.get(key) ?? { method, budget: budgets[i]!, n: 0, unit: 0, doc: 0 };
          s.n++;
          s.unit += iou(rangesOf(reading), rangesOf(exhaustive[i]!));
          s.doc += iou(documentsOf(reading), documentsOf(exhaustive[i]!));
          sums.set(key, s);
        });
      }
    },
    rows(): FidelityRow[] {
      return [...sums.values()].map((s) => ({ method: s.method, budget: s.budget, questions: s.n, unitIoU: s.unit / s.n, documentIoU: s.doc / s.n }));
    },
  };
}

/** The markdown table of a set's fidelity rows. */
export function fidelityTable(rows: readonly FidelityRow[]): string {
  const lines = [
    `Coarse-stage fidelity (HISA): overlap with the exhaustive walk over every document (${EXHAUSTIVE_METHOD}) at the same budget, mean over questions.`,
    "",
    "| method | budget | questions | IoU of ranges read | IoU of documents read |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) lines.push(`| ${r.method} | ${r.budget} | ${r.questions} | ${r.unitIoU.toFixed(3)} | ${r.documentIoU.toFixed(3)} |`);
  return lines.join("\n");
}
