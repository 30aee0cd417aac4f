/**
 * A small evaluation set written on the fly for the harness's own tests: two documents of
 * seeded filler paragraphs with a few planted facts, and questions whose evidence is exact,
 * re-flowed (different whitespace), answer-only, or not scorable (a yes/no answer).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom as random } from "../core/random.js";


const NOUNS = ["river", "engine", "harbour", "council", "garden", "ledger", "tower", "market", "bridge", "school", "mill", "archive", "orchard", "station", "quarry", "theatre"];
const VERBS = ["repaired", "described", "visited", "measured", "painted", "funded", "recorded", "opened", "inspected", "moved"];
const ADJECTIVES = ["old", "northern", "quiet", "busy", "narrow", "wooden", "public", "distant", "small", "famous"];

function filler(next: () => number, sentences: number): string {
  const pick = (list: readonly string[]) => list[Math.floor(next() * list.length)] as string;
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) {
    out.push(`The ${pick(ADJECTIVES)} ${pick(NOUNS)} was ${pick(VERBS)} by the ${pick(ADJECTIVES)} ${pick(NOUNS)} near the ${pick(NOUNS)}.`);
  }
  return out.join(" ");
}

/** The facts planted in the toy documents. */
export const TOY_FACTS = {
  lighthouse: "The Karvik lighthouse was built in 1867 by the engineer Selma Brandt.",
  ferry: "The ferry to Ostholm leaves every Tuesday at seven in the morning.",
  table: "Revenue       2017     2016\nProducts      1,200    1,100\nServices        300      250",
  pottery: "Potters in Lindau fire their glazed bowls in a wood kiln for three days.",
} as const;

function document(seed: number, facts: readonly string[]): string {
  const next = random(seed);
  const paragraphs: string[] = [];
  for (let p = 0; p < 14; p++) {
    paragraphs.push(filler(next, 8));
    const fact = facts[p / 4];
    if (Number.isInteger(p / 4) && fact !== undefined) paragraphs.push(fact);
  }
  return paragraphs.join("\n\n");
}

/**
 * Writes `<dir>/toy/documents.jsonl` and `questions.jsonl`; returns the data folder and set name.
 * @example const { dataDir, name } = writeToyDataset(tmp); await runEval({ dataDir, datasets: [name], ... })
 */
export function writeToyDataset(dir: string): { dataDir: string; name: string } {
  const name = "toy";
  mkdirSync(join(dir, name), { recursive: true });
  const docs = [
    { doc_id: "toy-a", title: "Coastal notes", text: document(1, [TOY_FACTS.lighthouse, TOY_FACTS.ferry, TOY_FACTS.table]) },
    { doc_id: "toy-b", title: "Inland notes", text: document(2, [TOY_FACTS.pottery]) },
  ];
  const questions = [
    { id: "q1", doc_id: "toy-a", question: "Who built the Karvik lighthouse?", answers: ["Selma Brandt"], evidence: [TOY_FACTS.lighthouse] },
    { id: "q2", doc_id: "toy-a", question: "When does the ferry to Ostholm leave?", answers: ["every Tuesday at seven"], evidence: [] },
    { id: "q3", doc_id: "toy-a", question: "What was the services revenue in 2017?", answers: ["300"], evidence: ["Revenue 2017 2016 Products 1,200 1,100 Services 300 250"] },
    { id: "q4", doc_id: "toy-b", question: "How long do Lindau potters fire their bowls?", answers: ["three days"], evidence: [TOY_FACTS.pottery] },
    { id: "q5", doc_id: "toy-b", question: "Is the kiln fired with wood?", answers: ["Yes"], evidence: [] },
  ];
  writeFileSync(join(dir, name, "documents.jsonl"), docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  writeFileSync(join(dir, name, "questions.jsonl"), questions.map((q) => JSON.stringify(q)).join("\n") + "\n");
  return { dataDir: dir, name };
}
