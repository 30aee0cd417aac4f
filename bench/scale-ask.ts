/**
 * The question side of `bench/scale.ts`, run in a fresh process per sample: opens the store,
 * asks one question cold (nothing decoded, nothing compiled yet), then asks `--warm` questions
 * twice and times the second pass (the figures of a serving process whose units cache holds
 * what those questions open: `--cache` documents, default 1024), and prints one JSON line with
 * the times and the resident memory.
 *
 *   node dist/bench/scale-ask.js --db STORE --questions FILE.json --cold I --warm N
 */
import { readFileSync } from "node:fs";
import { benchArgs } from "./args.js";
import { z } from "zod";
import { createEngine } from "../src/index.js";

const values = benchArgs(import.meta.url, {
  db: { type: "string" },
  questions: { type: "string" },
  cold: { type: "string", default: "0" },
  warm: { type: "string", default: "10" },
  cache: { type: "string", default: "1024" },
});
const questions = z.array(z.string()).parse(JSON.parse(readFileSync(values.questions ?? "", "utf8")));
const engine = createEngine({ dbPath: values.db ?? "", unitsCacheSize: Number(values.cache) });
try {
  const cold = questions[Number(values.cold) % questions.length] ?? "";
  let started = performance.now();
  await engine.ask(cold);
  const coldMs = performance.now() - started;
  const warm = questions.slice(0, Number(values.warm));
  for (const q of warm) await engine.ask(q);
  const warmMs: number[] = [];
  const opened: number[] = [];
  for (const q of warm) {
    started = performance.now();
    const result = await engine.ask(q);
    warmMs.push(performance.now() - started);
    opened.push(result.trace.documents.length);
  }
  process.stdout.write(`${JSON.stringify({ coldMs, warmMs, opened, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`);
} finally {
  await engine.close();
}
