/**
 * Why the extractive reader misses (docs/answers.md, "Where the misses are"):
 *
 *   npm run build && node dist/scripts/answer-diagnose.js [--data ../shared/data] [--out /tmp/diag.jsonl]
 *
 * Asks every short-answer question of nq_wiki, hotpotqa, musique and qasper of its own document
 * (default settings, model-free), as `pecan eval --answers` does, and sorts each question into
 * one kind:
 * - hit: the answer the reader chose (before abstaining) holds a gold answer;
 * - not read: no gold answer in what the walk read (no reader can name it);
 * - across sentences: a gold answer is in the read text but in no single read sentence;
 * - wrong span: the chosen sentence holds a gold answer, the span chosen inside it does not;
 * - type misread: a read sentence holds the gold answer as a candidate span, but of a kind the
 *   expected type does not accept;
 * - not a span: the gold answer is in a read sentence but no candidate span of any kind covers it;
 * - wrong sentence: a read sentence holds the gold as a candidate of an accepted kind, and the
 *   reader chose another sentence.
 * Prints the counts per set; `--out` writes one JSON line per miss (question, type, answer,
 * chosen sentence, gold, the read sentences holding the gold).
 *
 * `--replay <file> --try '[{...}]'` replays walks saved with `--save` through `extractAnswer` (no
 * engine, seconds) and prints each option set's hits per set and per half of the documents
 * (split by a hash of the document id), so a knob can be chosen on one half and checked on the other.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createEngine, type DocId } from "../src/index.js";
import { loadDataset } from "../src/eval/dataset.js";
import { answerRecall, f1Score, normalizeAnswer, readTextOf } from "../src/eval/metrics.js";
import { shortAnswers } from "../src/eval/answers.js";
import { createExtractiveReader } from "../src/answer/extractive-reader.js";
import { extractAnswer, type ExtractOptions } from "../src/answer/extract.js";
import { readSentences } from "../src/answer/sentences-read.js";
import { candidatesOf, typeFit } from "../src/answer/candidates.js";
import { SPAN_TYPES } from "../src/answer/question.js";
import type { Reader, ReaderInput } from "../src/answer/reader.js";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/data" },
    out: { type: "string" },
    sets: { type: "string", default: "nq_wiki,hotpotqa,musique,qasper" },
    /** A JSON list of extract options to compare: the hit count of each is printed. */
    try: { type: "string" },
    /** Writes every captured walk (question, read items, the question terms' IDF, gold) as JSON lines, to replay offline. */
    save: { type: "string" },
    /** Replays walks saved with --save through each --try option set instead of asking the engine. */
    replay: { type: "string" },
  },
});
const KINDS = ["hit", "not read", "across sentences", "wrong span", "type misread", "not a span", "wrong sentence"] as const;
type Kind = (typeof KINDS)[number];

/** A reader that answers extractively and keeps its input. */
function capturing(keep: (input: ReaderInput) => void): Reader {
  const inner = createExtractiveReader();
  return { id: inner.id, read: (input) => (keep(input), inner.read(input)) };
}

const tries = values.try ? (JSON.parse(values.try) as Partial<ExtractOptions>[]) : [];
/** Per option set and data set: hits and summed token F1 (of the answer before abstaining). */
const tryScores = tries.map(() => new Map<string, { hits: number; f1: number; n: number }>());
if (values.replay) {
  interface Saved {
    readonly set: string;
    readonly id: string;
    readonly question: string;
    readonly items: ReaderInput["items"];
    readonly idf: Record<string, number>;
    readonly gold: string[];
  }
  const saved = readFileSync(values.replay, "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Saved);
  const halfOf = (w: Saved): number => createHash("sha256").update(w.items[0]?.unit.docId ?? w.id).digest()[0]! % 2;
  for (const t of tries.length > 0 ? tries : [{}]) {
    const bySet = new Map<string, number>();
    const halves = [0, 0];
    let f1 = 0;
    for (const w of saved) {
      const answer = extractAnswer(w.question, w.items, t, (term) => w.idf[term] ?? 0).answer;
      f1 += f1Score(answer, w.gold);
      const hit = answerRecall(w.gold, answer.slice(0, 300)) ? 1 : 0;
      bySet.set(w.set, (bySet.get(w.set) ?? 0) + hit);
      halves[halfOf(w)]! += hit;
    }
    const hits = halves[0]! + halves[1]!;
    process.stdout.write(`${JSON.stringify(t)}: ${hits} hits, F1 ${(f1 / Math.max(1, saved.length)).toFixed(3)}; ${[...bySet].map(([k, v]) => `${k} ${v}`).join(", ")}; halves ${halves.join(" / ")}\n`);
  }
  process.exit(0);
}
const counts = new Map<string, Map<Kind, number>>();
const misses: string[] = [];
const walks: string[] = [];
const engine = createEngine({ dbPath: ":memory:" });
try {
  for (const name of values.sets.split(",")) {
    const set = await loadDataset(resolve(values.data), name, { allDocuments: true });
    await engine.ingestDocuments(set.documents.map((d) => ({ docId: d.docId, title: d.title, text: d.text, source: "eval", ...(d.pageStarts ? { pageStarts: d.pageStarts } : {}) })));
    const docs = new Map(set.documents.map((d) => [d.docId, d]));
    const tally = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
    counts.set(name, tally);
    for (const q of set.questions) {
      const doc = docs.get(q.docId);
      if (!doc) continue;
      const gold = shortAnswers(q, doc.text);
      if (gold.length === 0) continue;
      let input: ReaderInput | undefined;
      const result = await engine.ask(q.question, { docIds: [q.docId as DocId], reader: capturing((i) => (input = i)) });
      if (!input) continue;
      const x = extractAnswer(input.question, input.items, {}, input.termIdf);
      if (values.save) {
        const idf = input.termIdf;
        walks.push(JSON.stringify({ set: name, id: q.id, question: input.question, items: input.items.map((it) => ({ ...it, unit: { ...it.unit, text: it.unit.text, spans: it.unit.spans, pages: it.unit.pages } })), idf: Object.fromEntries(x.analysis.terms.map((t) => [t.term, idf ? idf(t.term) : 0])), gold }));
      }
      tries.forEach((t, i) => {
        const answer = extractAnswer(input!.question, input!.items, t, input!.termIdf).answer;
        const per = tryScores[i]!;
        const acc = per.get(name) ?? { hits: 0, f1: 0, n: 0 };
        per.set(name, { hits: acc.hits + (answerRecall(gold, answer.slice(0, 300)) ? 1 : 0), f1: acc.f1 + f1Score(answer, gold), n: acc.n + 1 });
      });
      const sentences = readSentences(input.items);
      const holding = sentences.filter((s) => answerRecall(gold, s.text));
      const spanned = (types: boolean): boolean =>
        holding.some((s) =>
          candidatesOf(s.text).some((c) => {
            const text = s.text.slice(c.start, c.end);
            const covers = gold.some((g) => normalizeAnswer(text).includes(normalizeAnswer(g)) && normalizeAnswer(text).length <= normalizeAnswer(g).length * 2 + 6);
            return covers && (!types || !SPAN_TYPES.has(x.analysis.type) || typeFit(x.analysis.type, c.kind) > 0);
          }),
        );
      let kind: Kind;
      if (answerRecall(gold, x.answer.slice(0, 300))) kind = "hit";
      else if (!answerRecall(gold, readTextOf(doc.text, result.context.flatMap((c) => c.spans)))) kind = "not read";
      else if (holding.length === 0) kind = "across sentences";
      else if (x.sentence && answerRecall(gold, x.sentence.text)) kind = "wrong span";
      else if (!spanned(false)) kind = "not a span";
      else if (!spanned(true)) kind = "type misread";
      else kind = "wrong sentence";
      tally.set(kind, (tally.get(kind) ?? 0) + 1);
      if (kind !== "hit" && kind !== "not read") {
        const rank = x.ranked.findIndex((s) => answerRecall(gold, s.text));
        misses.push(
          JSON.stringify({ set: name, id: q.id, kind, question: q.question, type: x.analysis.type, gold, answer: x.answer.slice(0, 200), sentence: x.sentence?.text.slice(0, 300), goldRank: rank, goldSentences: holding.slice(0, 3).map((s) => s.text.slice(0, 300)) }),
        );
      }
    }
  }
} finally {
  await engine.close();
}
const header = `| set | ${KINDS.join(" | ")} |`;
const rows = [...counts].map(([set, t]) => `| ${set} | ${KINDS.map((k) => t.get(k) ?? 0).join(" | ")} |`);
const all = KINDS.map((k) => [...counts.values()].reduce((sum, t) => sum + (t.get(k) ?? 0), 0));
process.stdout.write(`${[header, `| --- |${KINDS.map(() => " ---: |").join("")}`, ...rows, `| all | ${all.join(" | ")} |`].join("\n")}\n`);
tries.forEach((t, i) => {
  const per = [...tryScores[i]!];
  const hits = per.reduce((sum, [, v]) => sum + v.hits, 0);
  const f1 = per.reduce((sum, [, v]) => sum + v.f1, 0);
  const n = per.reduce((sum, [, v]) => sum + v.n, 0);
  const sets = per.map(([set, v]) => `${set} ${v.hits} (F1 ${(v.f1 / Math.max(1, v.n)).toFixed(2)})`).join(", ");
  process.stdout.write(`${JSON.stringify(t)}: ${hits} hits, F1 ${(f1 / Math.max(1, n)).toFixed(3)}; ${sets}\n`);
});
if (values.save) writeFileSync(values.save, `${walks.join("\n")}\n`);
if (values.out) writeFileSync(values.out, `${misses.join("\n")}\n`);
