/**
 * The tables of docs/results.md, from the outputs of `pecan eval` (results.json):
 *
 *   npm run build && node dist/scripts/results-tables.js docs/eval/results.json [docs/eval/collection/results.json]
 *
 * Prints markdown: mean recall per method and budget over the six scorable sets, the best
 * baseline per set and budget (every method run but Pecan's own and `full`: bm25-chunks,
 * bm25-sentences, dos-rag, raptor, rm3, lego-graphrag, deep-graphrag, pcst, ...), pecan-fill's lead
 * per set, pecan-flat against pecan-fill, and adaptive Pecan against pecan-fill at each cap.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const Summary = z.object({ method: z.string(), budget: z.number().nullable(), recall: z.number(), tokens: z.number() });
const Results = z.object({
  budgets: z.array(z.number()),
  datasets: z.array(z.object({ name: z.string(), setting: z.string(), summaries: z.array(Summary) })),
});

const SETS = ["cuad", "financebench", "hotpotqa", "musique", "nq_wiki", "qasper"];
/**
 * A baseline is every method that is not Pecan's own (`pecan*`) and not the whole document (`full`);
 * `bm25-chunks@pecan-chars` is a comparison made from two methods (src/eval/equal-chars.ts), not a method.
 */
const isBaseline = (method: string): boolean => !method.startsWith("pecan") && method !== "full" && !method.includes("@");
const EQUAL_CHARS = "bm25-chunks@pecan-chars";

function tables(path: string): void {
  const results = Results.parse(JSON.parse(readFileSync(path, "utf8")));
  const cell = new Map<string, { recall: number; tokens: number }>();
  for (const d of results.datasets) for (const s of d.summaries) if (s.budget !== null) cell.set(`${d.name}|${s.method}|${s.budget}`, { recall: 100 * s.recall, tokens: s.tokens });
  const setting = results.datasets[0]?.setting ?? "";
  const budgets = results.budgets;
  const get = (set: string, method: string, budget: number) => cell.get(`${set}|${method}|${budget}`);
  const all = [...new Set(results.datasets.flatMap((d) => d.summaries.map((s) => s.method)))];
  const methods = all.filter((m) => m !== "full" && m !== EQUAL_CHARS);
  const baselines = methods.filter(isBaseline);
  const best = (set: string, budget: number) => {
    let top = { method: "", recall: -1 };
    for (const m of baselines) {
      const c = get(set, m, budget);
      if (c && c.recall > top.recall) top = { method: m, recall: c.recall };
    }
    return top;
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const f = (x: number) => x.toFixed(1);
  const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)}`;
  const head = `| method | ${budgets.map((b) => `B = ${b}`).join(" | ")} |\n| --- | ${budgets.map(() => "---:").join(" | ")} |`;

  const equalChars = (): void => {
    if (all.includes(EQUAL_CHARS) && methods.includes("pecan")) {
      console.log(
        `\n#### adaptive pecan against BM25 over chunks given the same characters (the held-out check's comparison; recall %, and pecan's ratio to it)\n\n| set | ${budgets.map((b) => `B = ${b}`).join(" | ")} |\n| --- | ${budgets.map(() => "---").join(" | ")} |`,
      );
      const ratio = (p: number, q: number) => (q > 0 ? `x${(p / q).toFixed(2)}` : "–");
      for (const s of SETS) {
        console.log(`| ${s} | ${budgets.map((b) => { const p = get(s, "pecan", b)!.recall; const q = get(s, EQUAL_CHARS, b)!.recall; return `${f(p)} vs ${f(q)} (${ratio(p, q)})`; }).join(" | ")} |`);
      }
      console.log(`| mean | ${budgets.map((b) => { const p = mean(SETS.map((s) => get(s, "pecan", b)!.recall)); const q = mean(SETS.map((s) => get(s, EQUAL_CHARS, b)!.recall)); return `${f(p)} vs ${f(q)} (${ratio(p, q)})`; }).join(" | ")} |`);
    }
  };
  console.log(`### ${path} (${setting}): mean recall (%) over ${SETS.join(", ")}\n\n${head}`);
  for (const m of methods) {
    const row = budgets.map((b) => {
      const cs = SETS.map((s) => get(s, m, b));
      if (cs.some((c) => !c)) return "";
      const r = mean(cs.map((c) => c!.recall));
      return m === "pecan" ? `${f(r)} (${Math.round(mean(cs.map((c) => c!.tokens))).toLocaleString("en")})` : f(r);
    });
    console.log(`| ${m} | ${row.join(" | ")} |`);
  }
  console.log(`| best baseline (per set and budget) | ${budgets.map((b) => f(mean(SETS.map((s) => best(s, b).recall)))).join(" | ")} |`);
  if (!methods.includes("pecan-fill")) {
    equalChars();
    return;
  }
  console.log(`| pecan-fill's lead | ${budgets.map((b) => signed(mean(SETS.map((s) => get(s, "pecan-fill", b)!.recall - best(s, b).recall)))).join(" | ")} |`);

  const shown = ["pecan-fill", "pecan-flat", ...baselines, ...methods.filter((m) => !["pecan", "pecan-fill", "pecan-flat", ...baselines].includes(m))].filter((m) => methods.includes(m));
  console.log(`\n#### recall (%) per set; bold: the best of pecan-fill and the baselines\n\n| set | method | ${budgets.map((b) => `B = ${b}`).join(" | ")} |\n| --- | --- | ${budgets.map(() => "---:").join(" | ")} |`);
  for (const s of SETS) {
    shown.forEach((m, i) => {
      const row = budgets.map((b) => {
        const c = get(s, m, b);
        if (!c) return "";
        const top = Math.max(best(s, b).recall, get(s, "pecan-fill", b)!.recall);
        return m !== "pecan-flat" && (m === "pecan-fill" || baselines.includes(m)) && c.recall.toFixed(1) === top.toFixed(1) ? `**${f(c.recall)}**` : f(c.recall);
      });
      console.log(`| ${i === 0 ? s : ""} | ${m} | ${row.join(" | ")} |`);
    });
  }

  console.log(`\n#### pecan-fill against the best baseline (${baselines.join(", ")}), per set\n\n| set | ${budgets.map((b) => `B = ${b}`).join(" | ")} |\n| --- | ${budgets.map(() => "---").join(" | ")} |`);
  for (const s of SETS) {
    console.log(
      `| ${s} | ${budgets
        .map((b) => {
          const top = best(s, b);
          const fill = get(s, "pecan-fill", b)!.recall;
          return `${f(fill)} vs ${f(top.recall)} ${top.method} (${signed(fill - top.recall)})`;
        })
        .join(" | ")} |`,
    );
  }
  if (methods.includes("pecan-flat")) {
    console.log(`\n#### pecan-flat minus pecan-fill (points)\n\n| set | ${budgets.map((b) => `B = ${b}`).join(" | ")} |\n| --- | ${budgets.map(() => "---:").join(" | ")} |`);
    for (const s of SETS) console.log(`| ${s} | ${budgets.map((b) => signed(get(s, "pecan-flat", b)!.recall - get(s, "pecan-fill", b)!.recall)).join(" | ")} |`);
  }
  if (methods.includes("pecan")) {
    console.log(
      `\n#### adaptive pecan against pecan-fill at the same cap (mean over the six sets)\n\n| cap | recall | pecan-fill | share of its recall | tokens read | share of the cap | share of pecan-fill's tokens |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    );
    for (const b of budgets) {
      const ra = mean(SETS.map((s) => get(s, "pecan", b)!.recall));
      const rf = mean(SETS.map((s) => get(s, "pecan-fill", b)!.recall));
      const ta = mean(SETS.map((s) => get(s, "pecan", b)!.tokens));
      const tf = mean(SETS.map((s) => get(s, "pecan-fill", b)!.tokens));
      console.log(`| ${b} | ${f(ra)} | ${f(rf)} | ${f((100 * ra) / rf)}% | ${Math.round(ta).toLocaleString("en")} | ${f((100 * ta) / b)}% | ${f((100 * ta) / tf)}% |`);
    }
  }
  equalChars();
  console.log("");
}

for (const path of process.argv.slice(2)) tables(path);
